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
    .photo_credit = "Photo:",
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
    .comments = "Comments",
    .no_comments = "No comments yet.",
    .comment_name = "Name",
    .comment_email = "Email",
    .comment_email_hint = "optional, never shown",
    .comment_body = "Comment",
    .comment_send = "Send",
    .comment_send_anyway = "Send as it is",
    .comment_reply = "Reply",
    .comment_replying = "Replying to",
    .comment_report = "Report",
    .comment_reported = "Thank you. A moderator will look at this comment.",
    .comment_premoderated = "Comments on this story are read by a moderator before they appear.",
    .comment_trap = "Leave this field empty",
    .comment_permalink = "Link to this comment",
    .outcome_published = "Your comment is published.",
    .outcome_pending =
        "Thank you. Your comment is held for review and will appear once a moderator approves it.",
    .outcome_rejected = "Your comment was not accepted.",
    .outcome_refused = "Your comment was not sent.",
    .outcome_nudge = "Your comment may break the house rules: edit it or send it as it is.",
    .outcome_invalid = "Please check the form:",
    .outcome_rate_limited =
        "You are sending comments too fast. Please wait a minute and try again.",
    .outcome_closed = "Comments are closed on this story.",
    .outcome_banned = "You can no longer comment on this site.",
    .outcome_expired = "The form has expired. Please send your comment again.",
    .reason_empty = "The comment is empty.",
    .reason_too_long = "The comment is too long: please keep it under 5,000 characters.",
    .reason_spam = "It looks like automated or promotional posting (for example, too many links).",
    .reason_rate_limit = "Too many comments in a short time.",
    .reason_duplicate = "You already posted this comment.",
    .reason_language = "Please write your comment in English.",
    .reason_banned_word = "It contains words that are not allowed here.",
    .reason_suspect_word = "It contains words a moderator needs to check.",
    .reason_abuse = "It may contain insults, threats or abusive language.",
    .reason_libel_risk =
        "It may accuse a named person of wrongdoing, which a moderator needs to check.",
    .reason_house_rule = "It may break the house rules.",
    .reason_premoderation = "Comments here are read by a moderator before they appear.",
    .search_label = "Search",
    .search_placeholder = "Search the news",
    .search_button = "Search",
    .search_heading = "Search",
    .search_results_one = "1 result for “{query}”",
    .search_results_many = "{count} results for “{query}”",
    .search_no_results = "Nothing matched your search. Try fewer or different words.",
    .search_too_long = "Your search is too long: please use at most 256 characters.",
    .search_previous = "Previous results",
    .search_next = "More results",
    .comment_status_link =
        "Follow what happens to your comment (a private link: keep it, do not share it)",
    .status_title = "Your comment",
    .status_private =
        "This page is private: anyone with its link can read it and appeal. Do not share the link.",
    .status_on_story = "On the story:",
    .status_reasons = "Why:",
    .status_note = "The moderator's note:",
    .status_view_comment = "See your comment under the story",
    .appeal_heading = "Appeal this decision",
    .appeal_intro =
        "If you think your comment was rejected by mistake, tell us why and a moderator will "
        "look at it again. Each comment can be appealed once.",
    .appeal_label = "Why should your comment be published?",
    .appeal_send = "Send appeal",
    .appeal_sent = "Thank you. Your appeal was sent; a moderator will look at your comment again.",
    .appeal_pending = "Your appeal is waiting for a moderator.",
    .appeal_upheld = "A moderator looked at your appeal and kept the decision.",
    .appeal_overturned = "A moderator looked at your appeal and published your comment.",
    .appeal_yours = "Your appeal:",
    .appeal_empty = "Please write why your comment should be published.",
    .appeal_too_long = "Your appeal is too long: please keep it under 2,000 characters.",
    .appeal_twice = "This comment was appealed before; each comment can be appealed once.",
    .appeal_not_rejected = "Only a rejected comment can be appealed.",
    .appeal_expired = "The form has expired. Please send your appeal again.",
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
    .photo_credit = "عکس:",
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
    .comments = "نظرات",
    .no_comments = "هنوز نظری ثبت نشده است.",
    .comment_name = "نام",
    .comment_email = "ایمیل",
    .comment_email_hint = "اختیاری، نمایش داده نمی‌شود",
    .comment_body = "نظر",
    .comment_send = "ارسال",
    .comment_send_anyway = "همین‌طور ارسال شود",
    .comment_reply = "پاسخ",
    .comment_replying = "در پاسخ به",
    .comment_report = "گزارش تخلف",
    .comment_reported = "سپاس. یک ناظر این نظر را بررسی خواهد کرد.",
    .comment_premoderated =
        "نظرات این خبر پیش از انتشار توسط ناظر خوانده می‌شوند.",
    .comment_trap = "این فیلد را خالی بگذارید",
    .comment_permalink = "پیوند این نظر",
    .outcome_published = "نظر شما منتشر شد.",
    .outcome_pending =
        "سپاس. نظر شما در انتظار بررسی است و پس از تأیید ناظر منتشر می‌شود.",
    .outcome_rejected = "نظر شما پذیرفته نشد.",
    .outcome_refused = "نظر شما ارسال نشد.",
    .outcome_nudge =
        "ممکن است نظر شما با قوانین سایت مغایر باشد: آن را ویرایش کنید یا همین‌طور ارسال کنید.",
    .outcome_invalid = "لطفاً فرم را بررسی کنید:",
    .outcome_rate_limited =
        "نظرات شما بیش از حد سریع ارسال می‌شوند. لطفاً یک دقیقه صبر کنید.",
    .outcome_closed = "امکان ارسال نظر برای این خبر بسته است.",
    .outcome_banned =
        "شما دیگر نمی‌توانید در این سایت نظر بدهید.",
    .outcome_expired = "فرم منقضی شده است. لطفاً نظر خود را دوباره ارسال کنید.",
    .reason_empty = "نظر خالی است.",
    .reason_too_long = "نظر بیش از حد طولانی است: لطفاً کمتر از ۵۰۰۰ نویسه بنویسید.",
    .reason_spam =
        "به نظر می‌رسد ارسال خودکار یا تبلیغاتی باشد (برای مثال، پیوندهای زیاد).",
    .reason_rate_limit = "تعداد نظرات در زمان کوتاه بیش از حد است.",
    .reason_duplicate = "این نظر را پیش‌تر فرستاده‌اید.",
    .reason_language = "لطفاً نظر خود را به زبان فارسی بنویسید.",
    .reason_banned_word =
        "واژه‌هایی دارد که در اینجا مجاز نیستند.",
    .reason_suspect_word =
        "واژه‌هایی دارد که باید توسط ناظر بررسی شوند.",
    .reason_abuse = "ممکن است حاوی توهین، تهدید یا زبان ناشایست باشد.",
    .reason_libel_risk =
        "ممکن است شخص نام‌برده‌ای را به تخلف متهم کند و باید بررسی شود.",
    .reason_house_rule = "ممکن است با قوانین سایت مغایر باشد.",
    .reason_premoderation =
        "نظرات در اینجا پیش از انتشار توسط ناظر خوانده می‌شوند.",
    .search_label = "جست‌وجو",
    .search_placeholder = "جست‌وجو در اخبار",
    .search_button = "جست‌وجو",
    .search_heading = "جست‌وجو",
    .search_results_one = "۱ نتیجه برای «{query}»",
    .search_results_many = "{count} نتیجه برای «{query}»",
    .search_no_results =
        "نتیجه‌ای پیدا نشد. واژه‌های کمتر یا دیگری را امتحان کنید.",
    .search_too_long =
        "عبارت جست‌وجو بیش از حد طولانی است: حداکثر ۲۵۶ نویسه بنویسید.",
    .search_previous = "نتایج قبلی",
    .search_next = "نتایج بیشتر",
    .comment_status_link =
        "پیگیری وضعیت نظر شما (پیوند خصوصی است: آن را نگه دارید و با کسی به اشتراک نگذارید)",
    .status_title = "نظر شما",
    .status_private =
        "این صفحه خصوصی است: هر کس پیوند آن را داشته باشد می‌تواند آن را ببیند و درخواست "
        "بازبینی بدهد. پیوند را با کسی به اشتراک نگذارید.",
    .status_on_story = "درباره خبر:",
    .status_reasons = "دلیل:",
    .status_note = "یادداشت ناظر:",
    .status_view_comment = "دیدن نظر شما زیر خبر",
    .appeal_heading = "درخواست بازبینی",
    .appeal_intro =
        "اگر فکر می‌کنید نظر شما به اشتباه پذیرفته نشده، دلیل آن را بنویسید تا ناظر دوباره "
        "آن را بررسی کند. برای هر نظر فقط یک بار می‌توان درخواست بازبینی داد.",
    .appeal_label = "چرا نظر شما باید منتشر شود؟",
    .appeal_send = "ارسال درخواست بازبینی",
    .appeal_sent =
        "سپاس. درخواست بازبینی شما ارسال شد و ناظر نظر شما را دوباره بررسی می‌کند.",
    .appeal_pending = "درخواست بازبینی شما در انتظار بررسی ناظر است.",
    .appeal_upheld = "ناظر درخواست بازبینی شما را بررسی کرد و تصمیم قبلی به قوت خود باقی است.",
    .appeal_overturned = "ناظر درخواست بازبینی شما را بررسی کرد و نظر شما منتشر شد.",
    .appeal_yours = "درخواست بازبینی شما:",
    .appeal_empty = "لطفاً بنویسید چرا نظر شما باید منتشر شود.",
    .appeal_too_long = "درخواست بازبینی بیش از حد طولانی است: لطفاً کمتر از ۲۰۰۰ نویسه بنویسید.",
    .appeal_twice =
        "برای این نظر پیش‌تر درخواست بازبینی داده شده است؛ برای هر نظر فقط یک بار می‌توان "
        "درخواست داد.",
    .appeal_not_rejected =
        "فقط برای نظری که پذیرفته نشده می‌توان درخواست بازبینی داد.",
    .appeal_expired = "فرم منقضی شده است. لطفاً درخواست بازبینی را دوباره ارسال کنید.",
};

}  // namespace

const UiStrings& StringsFor(std::string_view language) {
  if (language == "fa" || language.starts_with("fa-") || language.starts_with("fa_"))
    return kPersian;
  return kEnglish;
}

std::string_view ReasonMessage(const UiStrings& s, Reason reason) {
  switch (reason) {
    case Reason::kEmpty:
      return s.reason_empty;
    case Reason::kTooLong:
      return s.reason_too_long;
    case Reason::kSpam:
      return s.reason_spam;
    case Reason::kRateLimit:
      return s.reason_rate_limit;
    case Reason::kDuplicate:
      return s.reason_duplicate;
    case Reason::kLanguage:
      return s.reason_language;
    case Reason::kBannedWord:
      return s.reason_banned_word;
    case Reason::kSuspectWord:
      return s.reason_suspect_word;
    case Reason::kAbuse:
      return s.reason_abuse;
    case Reason::kLibelRisk:
      return s.reason_libel_risk;
    case Reason::kHouseRule:
      return s.reason_house_rule;
    case Reason::kPremoderation:
      return s.reason_premoderation;
  }
  return s.reason_house_rule;
}

std::vector<std::pair<Reason, std::string_view>> ReasonsFor(const UiStrings& s,
                                                            const std::vector<Finding>& findings) {
  std::vector<std::pair<Reason, std::string_view>> out;
  for (const Finding& f : findings) {
    bool seen = false;
    for (const auto& [r, m] : out) seen = seen || r == f.reason;
    if (!seen) out.emplace_back(f.reason, ReasonMessage(s, f.reason));
  }
  return out;
}

}  // namespace herald
