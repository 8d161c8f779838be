// Herald comments: enhances the comment form that works without JavaScript.
// Sends through the JSON API, asks before sending a borderline comment,
// shows the outcome in place, and turns Reply and Report into in-page actions.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  var form = document.getElementById("comment-form");
  if (!section || !form || !window.fetch || !window.JSON) return;
  var articleId = section.getAttribute("data-article");
  var sendButton = form.querySelector("button[type=submit]");
  var sendLabel = sendButton.textContent;
  var confirmed = !!form.querySelector("input[name=confirm]");

  function notice(kind, title, messages) {
    var box = document.getElementById("comment-notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "comment-notice";
      box.setAttribute("role", "status");
      box.tabIndex = -1;
      form.parentNode.insertBefore(box, form);
    }
    box.className = "comment-notice notice-" + kind;
    box.textContent = "";
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = title;
    p.appendChild(strong);
    box.appendChild(p);
    if (messages && messages.length) {
      var ul = document.createElement("ul");
      messages.forEach(function (m) {
        var li = document.createElement("li");
        li.textContent = m;
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.focus();
  }

  // The comment's private status page, where a rejection can be appealed;
  // its link is shown this once.
  function statusLink(url) {
    var box = document.getElementById("comment-notice");
    if (!box || url.charAt(0) !== "/") return;
    var p = document.createElement("p");
    var a = document.createElement("a");
    a.href = url;
    a.rel = "noreferrer";
    a.textContent = form.getAttribute("data-status-link") || url;
    p.appendChild(a);
    box.appendChild(p);
  }

  function field(name) {
    var el = form.elements[name];
    return el ? el.value : "";
  }

  function addPublished(comment) {
    var list = section.querySelector(".comment-list");
    if (comment.parent_id) {
      var parent = document.getElementById("comment-" + comment.parent_id);
      if (parent) {
        list = parent.querySelector(".comment-replies");
        if (!list) {
          list = document.createElement("ol");
          list.className = "comment-replies";
          parent.appendChild(list);
        }
      }
    }
    if (!list) {
      list = document.createElement("ol");
      list.className = "comment-list";
      var empty = section.querySelector(".no-comments");
      if (empty) empty.parentNode.replaceChild(list, empty);
      else section.insertBefore(list, document.getElementById("comment-form-heading"));
    }
    var li = document.createElement("li");
    li.className = "comment";
    li.id = "comment-" + comment.id;
    var meta = document.createElement("p");
    meta.className = "comment-meta";
    var author = document.createElement("span");
    author.className = "comment-author";
    author.textContent = comment.name;
    meta.appendChild(author);
    li.appendChild(meta);
    var body = document.createElement("div");
    body.className = "comment-body";
    comment.body.split(/\n{2,}/).forEach(function (para) {
      var p = document.createElement("p");
      p.textContent = para;
      body.appendChild(p);
    });
    li.appendChild(body);
    list.appendChild(li);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var payload = {
      name: field("name"),
      email: field("email"),
      body: field("body"),
      website: field("website"),
      token: field("token"),
      nudge: !confirmed
    };
    var parent = parseInt(field("parent"), 10);
    if (parent > 0) payload.parent_id = parent;
    sendButton.disabled = true;
    fetch("/api/v1/articles/" + articleId + "/comments", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (r) {
      sendButton.disabled = false;
      var reasons = (r.data.reasons || []).map(function (x) { return x.message; });
      if (r.status === 201) {
        var kind = r.data.status;
        notice(kind, form.getAttribute("data-" + kind) || kind, reasons);
        if (r.data.status_url) statusLink(r.data.status_url);
        if (kind === "published" && r.data.comment) addPublished(r.data.comment);
        form.elements.body.value = "";
        confirmed = false;
        sendButton.textContent = sendLabel;
      } else if (r.status === 200 && r.data.status === "nudge") {
        confirmed = true;
        sendButton.textContent = form.getAttribute("data-anyway") || sendLabel;
        notice("nudge", r.data.message, reasons);
      } else {
        var message = r.data.error ? r.data.error.message : "";
        notice("refused", form.getAttribute("data-refused") || "", message ? [message] : reasons);
      }
    }).catch(function () {
      // The network or the script failed: fall back to the plain form post.
      sendButton.disabled = false;
      form.submit();
    });
  });

  section.addEventListener("click", function (event) {
    var reply = event.target.closest ? event.target.closest("a[data-reply]") : null;
    if (!reply) return;
    event.preventDefault();
    form.elements.parent.value = reply.getAttribute("data-reply");
    var label = form.querySelector(".replying");
    if (!label) {
      label = document.createElement("p");
      label.className = "replying";
      form.insertBefore(label, form.firstChild);
    }
    label.textContent = (form.getAttribute("data-replying") || "") + " " + reply.getAttribute("data-name");
    form.elements.body.focus();
  });

  section.addEventListener("submit", function (event) {
    var report = event.target;
    if (!report.classList || !report.classList.contains("comment-report")) return;
    event.preventDefault();
    var id = report.getAttribute("action").split("/")[3];
    fetch("/api/v1/comments/" + id + "/report", { method: "POST", credentials: "same-origin" })
      .then(function () {
        var done = document.createElement("span");
        done.className = "reported";
        done.textContent = form.getAttribute("data-reported") || "";
        report.parentNode.replaceChild(done, report);
      });
  }, true);
})();
