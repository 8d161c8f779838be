// The search half of SqliteStore: an FTS5 index over articles.
//
// The index (table article_search, schema migration 3) keeps each
// article's headline, lead, body and tag names as plain text, keyed by
// News ID, whatever the article's status; searches join articles to keep
// one edition's published ones, so publishing needs no index write.
//
// It is tokenized by 'herald', a tokenizer registered on every connection
// (RegisterSearch): it runs NormaliseForSearch (core/search_text.h) over
// the text, hands the result to SQLite's unicode61 tokenizer (case and
// Latin accents folded, remove_diacritics 2), and maps each token's offsets
// back to the original text, so snippets and highlights show the text as
// written. A compound word, parts joined by zero-width non-joiners
// ("می‌خواهم"), is indexed as the joined word ("میخواهم") with each part at
// the same position, so the joined spelling, the ZWNJ spelling and any part
// alone all find it; Fts5MatchExpression also asks for the parts in a row,
// which finds the spelling with a space.
//
// Consequence: a database with this table can only be searched or written
// by a program that registers the tokenizer; the sqlite3 shell can read
// every other table, and .backup copies the file whole.
#pragma once

#include <sqlite3.h>

#include "common/result.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace herald::sqlite {

// Registers the 'herald' FTS5 tokenizer and the SQL function
// herald_search_text(text, is_html) (SearchableText, or
// HtmlToSearchableText when is_html is true, which migration 3 uses to fill
// the index) on `db`. Must run on each connection before the index is used;
// Connection::Open does. kInternal if FTS5 is missing from SQLite.
Result<void> RegisterSearch(sqlite3* db);

// Writes the index entry of `a` (which has its final id), replacing any.
// Needs the write transaction that writes the article itself.
Result<void> IndexArticle(Connection& c, const Article& a);

// Runs Store::SearchArticles on `c`; best inside a read transaction, so
// the page and its total come from one snapshot.
Result<SearchPage> SearchArticles(Connection& c, const SearchQuery& query);

}  // namespace herald::sqlite
