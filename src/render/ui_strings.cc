#include "render/ui_strings.h"

namespace herald {
namespace {

constexpr UiStrings kEnglish = {
    .skip_to_content = "Skip to content",
    .editions = "Editions",
    .sections = "Sections",
    .news_id = "News ID",
    .send_comment = "Send comment",
    .comments_closed = "Comments are closed.",
    .related = "Latest stories",
    .correction = "Correction",
    .also_in = "Also in:",
    .tags = "Tags",
    .latest = "Latest news",
    .tag_heading = "Tagged: ",
    .newer = "Newer stories",
    .older = "Older stories",
    .page = "Page",
    .no_stories = "No stories here yet.",
    .not_found_title = "Page not found",
    .not_found_text = "We could not find that page. It may have moved or never existed.",
    .error_title = "Something went wrong",
    .error_text = "The request could not be served. Please try again.",
    .back_home = "Go to the front page",
    .powered_by = "Published with Herald",
};

constexpr UiStrings kPersian = {
    .skip_to_content = "پرش به محتوا",
    .editions = "نسخه‌ها",
    .sections = "بخش‌ها",
    .news_id = "کد خبر",
    .send_comment = "ارسال نظر",
    .comments_closed = "امکان ارسال نظر بسته است.",
    .related = "آخرین اخبار",
    .correction = "اصلاحیه",
    .also_in = "این خبر به زبان‌های دیگر:",
    .tags = "برچسب‌ها",
    .latest = "آخرین اخبار",
    .tag_heading = "برچسب: ",
    .newer = "اخبار جدیدتر",
    .older = "اخبار قدیمی‌تر",
    .page = "صفحه",
    .no_stories = "هنوز خبری در اینجا نیست.",
    .not_found_title = "صفحه پیدا نشد",
    .not_found_text =
        "صفحه‌ای که به دنبال آن بودید پیدا نشد. ممکن است جابه‌جا شده یا هرگز وجود نداشته "
        "باشد.",
    .error_title = "خطایی رخ داد",
    .error_text = "درخواست شما انجام نشد. لطفاً دوباره تلاش کنید.",
    .back_home = "رفتن به صفحه نخست",
    .powered_by = "منتشرشده با هرالد",
};

}  // namespace

const UiStrings& StringsFor(std::string_view language) {
  if (language == "fa" || language.starts_with("fa-") || language.starts_with("fa_"))
    return kPersian;
  return kEnglish;
}

}  // namespace herald
