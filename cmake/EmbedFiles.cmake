# herald_embed_files(OUTPUT <file.cc> FUNCTION <name> BASE_DIR <dir> FILES <f>...)
#
# Generates a C++ source defining
#   std::string_view <name>(std::string_view relative_path);
# that returns the bytes of each listed file (empty when unknown), so the
# binary carries its templates, assets and demo data and needs no install
# directory. The source is regenerated whenever a listed file changes.
function(herald_embed_files)
  cmake_parse_arguments(EMBED "" "OUTPUT;FUNCTION;BASE_DIR" "FILES" ${ARGN})
  set(abs_files "")
  foreach(f IN LISTS EMBED_FILES)
    list(APPEND abs_files "${EMBED_BASE_DIR}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${EMBED_OUTPUT}"
    COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${EMBED_OUTPUT}" "-DFUNCTION=${EMBED_FUNCTION}"
            "-DBASE_DIR=${EMBED_BASE_DIR}" "-DFILES=${EMBED_FILES}"
            -P "${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake"
    DEPENDS ${abs_files} "${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake"
    COMMENT "Embedding files into ${EMBED_FUNCTION}"
    VERBATIM)
endfunction()
