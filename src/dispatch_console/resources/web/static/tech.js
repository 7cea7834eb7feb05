// The technician's page: my jobs, and on a job the next steps (accept or decline, on my way,
// check in where the phone says it is, start work, work log, photos, parts from the van,
// resolve with the customer's signature). It speaks the server's REST API with the
// technician's own token; the server decides what a technician may do.
//
// Every action goes into a queue kept in the phone's storage, with its Idempotency-Key and the
// time it was done, and the queue is sent in order: on a flaky network nothing is lost, nothing
// is done twice, and the work keeps the times it was done (check-in, work log and notes carry
// them; a step of the ticket is dated when it reaches the server).
(function () {
  "use strict";
  var W = JSON.parse(document.getElementById("words").textContent);
  var API = "/api/v1";
  var store = window.localStorage;
  var me = {
    token: store.getItem("dc.token"),
    tech: parseInt(store.getItem("dc.tech") || "", 10) || null
  };
  var job = null; // the history of the job on screen
  var flushing = null;

  function t(key) { return W[key] || key; }
  // the ticket's number as agents say it (Ticket.number_of): the API sends the id alone
  // the category in words (server/web/words.py's CATEGORY_WORDS), else as the desk typed it
  function category(tk) { return W["category." + String(tk.category || "").toLowerCase()] || tk.category; }
  function ticketNumber(tk) { return "T" + String(tk.id).padStart(7, "0"); }
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function key() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function say(text, isError) {
    var banner = $("banner");
    banner.textContent = text || "";
    banner.hidden = !text;
    banner.className = isError ? "notice error-notice" : "notice";
  }
  function show(view) {
    ["login", "jobs", "job"].forEach(function (v) { $(v).hidden = v !== view; });
  }

  // --- talking to the server --------------------------------------------------------------
  function call(method, path, body, idem) {
    var headers = { "Authorization": "Bearer " + me.token };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    if (method !== "GET") { headers["Idempotency-Key"] = idem || key(); }
    return fetch(API + path, {
      method: method, headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { throw new Error("not our server"); } // a hotel wifi's page: no answer yet
      return r.json().catch(function () { return null; }).then(function (data) {
        if (r.ok) { return data; }
        var err = new Error((data && (data.reason || data.message)) || ("HTTP " + r.status));
        err.status = r.status; err.body = data || {};
        throw err;
      });
    });
  }

  // the queue is the signed-in technician's: another's token never sends it
  function queueKey() { return "dc.queue." + (me.tech || "none"); }
  function queue() { return JSON.parse(store.getItem(queueKey()) || "[]"); }
  function keep(items) {
    try {
      store.setItem(queueKey(), JSON.stringify(items));
    } catch (e) { // the phone's storage is full (photos): nothing more can wait
      var full = new Error(t("The phone's storage is full: find network to send what waits."));
      full.status = 507;
      throw full;
    }
  }
  function laterAgain(err) { // the server (or a proxy) says: not now, try again
    return !err.status || err.status >= 500 || err.status === 408 || err.status === 429 ||
      (err.status === 409 && err.body && err.body.code === "in_progress");
  }

  // Queues an action and sends the queue. Resolves with the server's answer when this action
  // went through, with {queued: true} when it waits for the network; rejects with the server's
  // refusal (the action is then dropped: the technician sees why and can do it again).
  function act(path, body, opts) {
    var item = { key: key(), path: path, body: body, at: new Date().toISOString(),
                 latestVersion: !!(opts && opts.latestVersion) };
    var items = queue();
    items.push(item);
    try { keep(items); } catch (e) { return Promise.reject(e); }
    return flush(item.key);
  }

  function flush(wanted) {
    if (flushing) { return flushing.then(function () { return flush(wanted); }); }
    flushing = (function next(answer) {
      var items = queue();
      if (!items.length) { return Promise.resolve(answer); }
      var item = items[0];
      var ready = Promise.resolve(item.body);
      if (item.latestVersion) { // a step of the ticket: on the version it has now
        var id = item.path.split("/")[2];
        ready = call("GET", "/tickets/" + id).then(function (tk) {
          return Object.assign({}, item.body, { expected_version: tk.version });
        });
      }
      return ready.then(function (body) { return call("POST", item.path, body, item.key); })
        .then(function (data) {
          keep(queue().filter(function (i) { return i.key !== item.key; }));
          return next(item.key === wanted ? data : answer);
        }, function (err) {
          if (laterAgain(err)) { // no network, a proxy's 502, busy: everything waits, in order
            return item.key === wanted || queue().some(function (i) { return i.key === wanted; })
              ? { queued: true } : answer;
          }
          if (err.status === 401) { signOut(); throw err; } // kept for the next sign-in
          keep(queue().filter(function (i) { return i.key !== item.key; }));
          if (item.key === wanted) { throw err; }
          if (err.body && err.body.field === "reason" && /\/check-ins$/.test(item.path)) {
            // a check-in made offline, away from the site: asked why when the job is opened
            store.setItem("dc.why." + item.path.split("/")[2], JSON.stringify(
              { body: item.body, reason: err.body.reason || "" }));
            return next(answer);
          }
          say(t("Not accepted: %s").replace("%s", err.message), true);
          return next(answer);
        });
    })().then(function (result) { flushing = null; showWaiting(); return result; },
              function (err) { flushing = null; showWaiting(); throw err; });
    return flushing;
  }

  function showWaiting() {
    var n = queue().length;
    if (n) { say(t("Offline: %d action(s) waiting; they are sent when the network is back.").replace("%d", n)); }
  }
  window.addEventListener("online", function () { flush(null).then(refresh, function () {}); });
  setInterval(function () { if (queue().length && me.token) { flush(null).catch(function () {}); } }, 15000);

  function done(text, status) {
    return function (answer) {
      if (answer && answer.queued) { // not on the server yet: the screen moves on anyway
        if (status && job) { job.ticket.status = status; render(job); }
        say(t("Saved on the phone; it will be sent."));
        return null;
      }
      say(text);
      return refresh();
    };
  }
  // the server's reasons a technician meets, in the technician's language
  var REASONS = [
    [/not assigned to (you|this technician)/, "This job is no longer yours."],
    [/may not move a job/, "Only the desk can do that."],
    [/check in first/, "Check in first."],
    [/the van holds (\d+)/, "Your van has only %s of this part."],
    [/was changed by .* since you opened it/, "Someone changed this job meanwhile; it is shown as it is now."],
    [/is in the future/, "The phone's clock is wrong: set it to the network time."]
  ];
  function reason(err) {
    for (var i = 0; i < REASONS.length; i++) {
      var m = REASONS[i][0].exec(err.message || "");
      if (m) { return t(REASONS[i][1]).replace("%s", m[1] || ""); }
    }
    return t("Not accepted: %s").replace("%s", err.message);
  }
  function refused(err) {
    if (err.status === 507) { say(err.message, true); return; }
    if (err.status === 409 && job) { refresh(); }
    say(err.status ? reason(err) : t("No network. Try again."), true);
  }

  // --- sign in ------------------------------------------------------------------------------
  $("login").addEventListener("submit", function (e) {
    e.preventDefault();
    $("login-error").textContent = "";
    fetch(API + "/auth/login", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: $("username").value.trim(), password: $("password").value })
    }).then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
      .then(function (res) {
        if (!res.ok) { $("login-error").textContent = t("Wrong user name or password."); return; }
        if (!res.d.technician_id) { $("login-error").textContent = t("This account is not a technician's."); return; }
        me.token = res.d.token; me.tech = res.d.technician_id;
        store.setItem("dc.token", me.token); store.setItem("dc.tech", String(me.tech));
        listJobs();
      }, function () { $("login-error").textContent = t("No network. Try again."); });
  });
  function signOut() {
    store.removeItem("dc.token"); store.removeItem("dc.tech");
    me.token = null; me.tech = null;
    $("username").value = ""; $("password").value = "";
    show("login");
  }
  $("sign-out").addEventListener("click", function () {
    var waiting = queue().length;
    if (waiting && !window.confirm(t("%d action(s) are not sent yet; they go when you sign in again. Sign out?")
                                   .replace("%d", waiting))) { return; }
    call("POST", "/auth/logout", {}).catch(function () {}).then(signOut);
  });

  // --- my jobs: the day in order ----------------------------------------------------------
  var ZONE = W.zone || undefined; // the desk's clock: a visit's time as the customer was told
  function lang() { return document.documentElement.lang || undefined; }
  function hm(iso) {
    return new Date(iso).toLocaleTimeString(lang(), { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: ZONE });
  }
  function dayOf(iso) { // the calendar day on the desk's clock, comparable as text
    var d = new Date(iso);
    return d.toLocaleDateString("en-CA", { timeZone: ZONE }); // YYYY-MM-DD
  }
  function when(tk) { return tk.planned_start_at || tk.appointment_starts_at || null; }
  // the jobs with a visit time first, day by day and in the order of the day; then the rest
  // as the server sorted them (next deadline first)
  function inDayOrder(rows) {
    var timed = rows.filter(function (r) { return when(r.ticket); });
    var rest = rows.filter(function (r) { return !when(r.ticket); });
    timed.sort(function (a, b) { return new Date(when(a.ticket)) - new Date(when(b.ticket)); });
    return timed.concat(rest);
  }
  function dayHeading(iso) {
    if (!iso) { return t("Not scheduled"); }
    var today = dayOf(new Date().toISOString());
    var tomorrow = dayOf(new Date(Date.now() + 86400000).toISOString());
    var day = dayOf(iso);
    if (day === today) { return t("Today"); }
    if (day === tomorrow) { return t("Tomorrow"); }
    // 3月4日周三 as the customer's pages say it (not 03/04周三); Wed, 03/04 in English
    var zh = (lang() || "").indexOf("zh") === 0;
    return new Date(iso).toLocaleDateString(lang(), { month: zh ? "long" : "2-digit", day: zh ? "numeric" : "2-digit",
                                                      weekday: "short", timeZone: ZONE });
  }
  function booked(tk) { return !!(tk.appointment_starts_at && tk.appointment_ends_at); }
  // withDay: the job on its own (no day heading above it says which day the window is on).
  // A booked visit's window is what the technician works toward (the customer was told it):
  // "Arrive 11:00–13:00" until they are there, late once its end has passed or they said they
  // are running late (lateMarked); the SLA's arrival deadline would contradict the booking
  function windowLine(tk, withDay, lateMarked) {
    var parts = [], cls = "window";
    if (booked(tk)) {
      var day = withDay ? dayHeading(tk.appointment_starts_at) + " " : "";
      var span = day + hm(tk.appointment_starts_at) + "–" + hm(tk.appointment_ends_at);
      if (tk.arrived_at || tk.status === "on_hold") {
        parts.push(t("Window %s").replace("%s", span));
      } else {
        var left = new Date(tk.appointment_ends_at).getTime() - Date.now();
        var late = left < 0 || !!lateMarked;
        var arrive = t("Arrive %s").replace("%s", span);
        parts.push(late ? t("Late: %s").replace("%s", arrive) : arrive);
        cls += " due" + (late ? " late" : left < 30 * 60 * 1000 ? " soon" : "");
      }
    }
    if (tk.planned_start_at) { parts.push(t("Planned %s").replace("%s", hm(tk.planned_start_at))); }
    return parts.length ? el("div", { "class": cls, text: parts.join(" · ") }) : null;
  }

  function listJobs() {
    job = null;
    show("jobs");
    return call("POST", "/tickets/search", { query: { open_only: true, sort: "due", limit: 50 } })
      .then(function (page) {
        var list = $("job-list");
        list.textContent = "";
        var heading = null;
        // days are headed once something is booked; a list of unbooked jobs is just the list
        var booked = page.items.some(function (row) { return when(row.ticket); });
        inDayOrder(page.items).forEach(function (row) {
          var tk = row.ticket;
          var head = dayHeading(when(tk));
          if (booked && head !== heading) {
            heading = head;
            list.appendChild(el("li", { "class": "day-head", role: "presentation", text: head }));
          }
          var li = el("li", { "data-ticket": tk.id, "class": "job" }, [
            el("div", { "class": "top" }, [el("span", { text: ticketNumber(tk) }),
                                           el("span", { "class": "badge", text: t("status." + tk.status) })]),
            windowLine(tk),
            el("div", { text: [row.customer_name, row.site_name].filter(Boolean).join(" · ") }),
            el("div", { "class": "muted", text: category(tk) + " · " + tk.description.slice(0, 80) }),
            deadline(tk)
          ]);
          li.addEventListener("click", function () { openJob(tk.id); });
          list.appendChild(li);
        });
        $("no-jobs").hidden = page.items.length > 0;
      }, function (err) { if (err.status === 401) { signOut(); } else { refused(err); } });
  }

  // the deadline the job works toward: soon (the desk's first warning, 30 min) or late in colour,
  // so the technician sees what the SLA watch would tell them (nothing while on hold). A
  // booked visit works toward its window (windowLine) until they arrive, then its resolution
  function deadline(tk) {
    if (tk.status === "on_hold") { return null; }
    if (booked(tk) && !tk.arrived_at) { return null; }
    var steps = [["Respond by %s", booked(tk) ? null : tk.response_due_at, tk.responded_at],
                 ["Arrive by %s", booked(tk) ? null : tk.arrival_due_at, tk.arrived_at],
                 ["Resolve by %s", tk.resolution_due_at, null]];
    for (var i = 0; i < steps.length; i++) {
      if (!steps[i][1] || steps[i][2]) { continue; }
      var due = new Date(steps[i][1]), left = due.getTime() - Date.now();
      var lang = document.documentElement.lang || undefined; // the page's language, 24 h
      // on the desk's clock, as the visit's window beside it (not the phone's zone)
      var when = due.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: ZONE });
      if (left >= 24 * 3600 * 1000) {
        when = due.toLocaleDateString(lang, { month: "2-digit", day: "2-digit", timeZone: ZONE }) + " " + when;
      }
      var text = left < 0 ? t("Late: %s").replace("%s", t(steps[i][0]).replace("%s", when))
                          : t(steps[i][0]).replace("%s", when);
      return el("div", { "class": "due" + (left < 0 ? " late" : left < 30 * 60 * 1000 ? " soon" : ""),
                         text: text });
    }
    return null;
  }

  // the list on screen is read again every minute: a deadline coming near changes its colour
  window.setInterval(function () {
    if (me.token && !job && !document.hidden && !$("jobs").hidden) { listJobs(); }
  }, 60 * 1000);

  // --- one job -------------------------------------------------------------------------------
  function openJob(id) {
    show("job");
    $("prompt").hidden = true;
    return call("GET", "/tickets/" + id + "/history").then(render, refused);
  }
  function refresh() { return job ? openJob(job.ticket.id) : listJobs(); }
  $("back").addEventListener("click", function () { say(""); listJobs(); });

  function render(history) {
    if (!job || job.ticket.id !== history.ticket.id) { // another job: nothing of the last one
      ["summary", "log-note"].forEach(function (id) { $(id).value = ""; });
      ink.clearRect(0, 0, pad.width, pad.height); signed = false;
    }
    job = history;
    var tk = history.ticket, site = history.site, customer = history.customer;
    var card = $("job-card");
    card.textContent = "";
    var facts = el("ul", { "class": "facts" }, [
      customer ? el("li", { text: customer.name }) : null,
      site ? el("li", { text: site.name + " · " + site.address }) : null,
      history.asset ? el("li", { text: history.asset.model + " · " + history.asset.serial }) : null,
      tk.contact_phone ? el("li", {}, [el("a", { href: "tel:" + tk.contact_phone,
        text: (tk.contact_name || t("Call")) + " " + tk.contact_phone })]) : null
    ]);
    card.appendChild(el("div", { "class": "top bar" }, [el("h1", { text: ticketNumber(tk) }),
                                                        el("span", { "class": "badge", id: "status", text: t("status." + tk.status) })]));
    var said = (history.decisions || []).some(function (e) { return e.kind === "running_late"; });
    var visit = windowLine(tk, true, said);
    if (visit) { visit.id = "job-window"; card.appendChild(visit); }
    var due = deadline(tk);
    if (due) { due.id = "job-due"; card.appendChild(due); }
    card.appendChild(el("p", { text: category(tk) + " · " + tk.description }));
    card.appendChild(facts);
    if (site) {
      var name = encodeURIComponent(site.name);
      card.appendChild(el("p", {}, [
        el("a", { id: "navigate", href: "https://uri.amap.com/navigation?to=" + site.lon + "," + site.lat + "," + name +
                  "&mode=car&coordinate=wgs84&callnative=1", text: t("Navigate") }),
        el("span", { text: " · " }),
        el("a", { href: "geo:" + site.lat + "," + site.lon + "?q=" + site.lat + "," + site.lon + "(" + name + ")",
                  text: t("Other map app") })
      ]));
    }
    if (history.check_ins && history.check_ins.length) {
      var last = history.check_ins[history.check_ins.length - 1];
      card.appendChild(el("p", { "class": "done-note", id: "checked-in",
        text: t("Checked in at %s").replace("%s", clock(last.device_time || last.server_time)) }));
    }
    var so_far = [];
    (history.work_log || []).forEach(function (w) {
      so_far.push(el("li", { text: clock(w.started_at) + "–" + clock(w.ended_at) + " " + w.note }));
    });
    var photos = (history.attachments || []).length, parts = (history.parts || []).length;
    if (photos || parts) {
      so_far.push(el("li", { "class": "muted", text: t("Photos: %d · Parts: %d")
        .replace("%d", photos).replace("%d", parts) }));
    }
    if (so_far.length) { card.appendChild(el("ul", { "class": "facts done", id: "so-far" }, so_far)); }
    renderActions(tk);
    askWhyLater(tk.id);
    $("work").hidden = ["on_site", "in_progress"].indexOf(tk.status) < 0;
    if (!$("work").hidden) { loadParts(); }
  }

  function clock(iso) {
    return new Date(iso).toLocaleTimeString(document.documentElement.lang,
                                            { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: ZONE });
  }

  function button(id, label, onClick, secondary) {
    var b = el("button", { type: "button", id: id, "class": secondary ? "secondary" : "", text: label });
    b.addEventListener("click", onClick);
    return b;
  }
  function step(target, reason) {
    var body = { expected_version: job.ticket.version, target: target };
    if (reason) { body.reason = reason; }
    return act("/tickets/" + job.ticket.id + "/transition", body, { latestVersion: true });
  }

  function renderActions(tk) {
    var box = $("actions");
    box.textContent = "";
    box.className = "card actions";
    var s = tk.status;
    if (s === "assigned") {
      box.appendChild(button("accept", t("Accept"), function () { step("accepted").then(done(t("Accepted."), "accepted"), refused); }));
      box.appendChild(button("decline", t("Decline"), function () {
        ask(t("Why do you decline?"), function (why) {
          step("new", why).then(function (a) {
            if (a && a.queued) { say(t("Saved on the phone; it will be sent.")); show("jobs"); return null; }
            say(t("Declined.")); return listJobs();
          }, refused);
        });
      }, true));
    }
    if (s === "accepted") {
      box.appendChild(button("on-my-way", t("On my way"), function () { step("en_route").then(done(t("Sent."), "en_route"), refused); }));
    }
    if (s === "accepted" || s === "en_route") {
      box.appendChild(button("check-in", t("Check in"), function () { checkIn(null); }));
    }
    if (s === "assigned" || s === "accepted" || s === "en_route") {
      box.appendChild(button("running-late", t("Running late"), function () { runningLate(tk); }, true));
    }
    if (s === "on_site") {
      box.appendChild(button("start-work", t("Start work"), function () { step("in_progress").then(done(t("Sent."), "in_progress"), refused); }));
    }
    box.hidden = !box.childNodes.length;
  }

  // "Running late": how late, then the customer and the desk are told (the server says when
  // they now expect the technician)
  function runningLate(tk) {
    var box = $("actions");
    box.textContent = "";
    box.appendChild(el("p", { id: "late-question", text: t("How late will you be?") }));
    var choices = el("div", { "class": "late-choices" });
    [15, 30, 45, 60, 90, 120].forEach(function (m) {
      choices.appendChild(button("late-" + m, t("%d min").replace("%d", m), function () {
        // one tap, one message: a second tap (or a bounce in the van) while the first is on
        // its way would text the customer twice
        var all = choices.querySelectorAll("button");
        Array.prototype.forEach.call(all, function (b) { b.disabled = true; });
        act("/tickets/" + tk.id + "/running-late", { minutes: m })
          .then(function (answer) {
            // kept on the phone for later: the job's own buttons again, not the choices greyed
            if (answer && answer.queued) { renderActions(tk); }
            return done(t("The customer and the desk are told."))(answer);
          }, function (err) {
            Array.prototype.forEach.call(all, function (b) { b.disabled = false; });
            refused(err);
          });
      }));
    });
    choices.appendChild(button("late-cancel", t("Cancel"), function () { renderActions(tk); }, true));
    box.appendChild(choices);
  }

  function ask(label, then) {
    $("prompt-label").textContent = label;
    $("prompt-text").value = "";
    $("prompt").hidden = false;
    $("prompt-text").focus();
    $("prompt-ok").onclick = function () {
      var text = $("prompt-text").value.trim();
      if (!text) { $("prompt-text").focus(); return; }
      $("prompt").hidden = true;
      then(text);
    };
    $("prompt-cancel").onclick = function () { $("prompt").hidden = true; };
  }

  function askWhyLater(ticketId) {
    var saved = store.getItem("dc.why." + ticketId);
    if (!saved) { return; }
    var held = JSON.parse(saved);
    var far = /([\d,.]+) m/.exec(held.reason);
    ask(t("You are %s m from the site. Why do you check in here?").replace("%s", far ? far[1] : "?"),
        function (why) {
          store.removeItem("dc.why." + ticketId);
          sendCheckIn({ lat: held.body.lat, lon: held.body.lon, accuracy_m: held.body.accuracy_m,
                        at: held.body.device_time }, why);
        });
  }

  // --- check in where the phone is -------------------------------------------------------------
  function checkIn(reason, fix) {
    if (fix) { return sendCheckIn(fix, reason); }
    if (!navigator.geolocation) { say(t("Location is not available: %s").replace("%s", "-"), true); return; }
    say(t("Locating…"));
    navigator.geolocation.getCurrentPosition(function (pos) {
      sendCheckIn({ lat: pos.coords.latitude, lon: pos.coords.longitude,
                    accuracy_m: pos.coords.accuracy, at: new Date(pos.timestamp).toISOString() }, reason);
    }, function (err) {
      say(t("Location is not available: %s").replace("%s", err.message), true);
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 });
  }
  function sendCheckIn(fix, reason) {
    var body = { lat: fix.lat, lon: fix.lon, accuracy_m: fix.accuracy_m, device_time: fix.at,
                 technician_id: me.tech };
    if (reason) { body.reason = reason; }
    return act("/tickets/" + job.ticket.id + "/check-ins", body).then(
      done(t("Checked in (±%d m).").replace("%d", Math.round(fix.accuracy_m || 0)), "on_site"),
      function (err) {
        if (err.body && err.body.field === "reason") { // outside the site's geofence: say why
          say("");
          var far = /([\d,.]+) m/.exec(err.body.reason || "");
          ask(t("You are %s m from the site. Why do you check in here?").replace("%s", far ? far[1] : "?"),
              function (why) { checkIn(why, fix); });
          return;
        }
        refused(err);
      });
  }

  // --- on site: work log, photos, parts, resolve ---------------------------------------------
  $("log-add").addEventListener("click", function () {
    var note = $("log-note").value.trim();
    var minutes = parseInt($("log-minutes").value, 10) || 0;
    if (!note || minutes < 1) { $("log-note").focus(); return; }
    var ended = new Date(), started = new Date(ended.getTime() - minutes * 60000);
    act("/tickets/" + job.ticket.id + "/work-log", { started_at: started.toISOString(),
      ended_at: ended.toISOString(), note: note, technician_id: me.tech })
      .then(function (a) { $("log-note").value = ""; return done(t("Work logged."))(a); }, refused);
  });

  $("photo").addEventListener("change", function () {
    var file = $("photo").files[0];
    if (!file) { return; }
    window.DispatchPhotos.shrink(file).then(function (small) { return toBase64(small).then(function (data) {
      return act("/tickets/" + job.ticket.id + "/attachments",
                 { filename: small.name, data: data, content_type: small.type || null });
    }); }).then(function (a) { $("photo").value = ""; return done(t("Photo added."))(a); }, refused);
  });
  function toBase64(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).split(",")[1]); };
      reader.onerror = reject;
      reader.readAsDataURL(blob);
    });
  }

  function loadParts() {
    Promise.all([call("GET", "/technicians/" + me.tech), call("GET", "/parts")]).then(function (res) {
      var names = {};
      res[1].forEach(function (p) { names[p.id] = p.name + " (" + p.sku + ")"; });
      var select = $("part");
      select.textContent = "";
      res[0].van_stock.filter(function (line) { return line.quantity > 0; }).forEach(function (line) {
        select.appendChild(el("option", { value: line.part_id,
          text: (names[line.part_id] || line.part_id) + " · " + t("in the van: %d").replace("%d", line.quantity) }));
      });
      $("part-add").disabled = !select.options.length;
    }, function () {});
  }
  $("part-add").addEventListener("click", function () {
    var part = parseInt($("part").value, 10), qty = parseInt($("part-qty").value, 10) || 1;
    if (!part) { return; }
    act("/tickets/" + job.ticket.id + "/parts", { part_id: part, quantity: qty, technician_id: me.tech })
      .then(done(t("Part recorded.")), refused);
  });

  // the customer's signature, drawn with a finger
  var pad = $("signature"), ink = pad.getContext("2d"), signed = false, drawing = false;
  function point(e) {
    var r = pad.getBoundingClientRect();
    return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
  }
  pad.addEventListener("pointerdown", function (e) {
    drawing = true; signed = true; var p = point(e);
    ink.lineWidth = 4; ink.lineCap = "round"; ink.strokeStyle = "#0d1b2a";
    ink.beginPath(); ink.moveTo(p.x, p.y); pad.setPointerCapture(e.pointerId);
  });
  pad.addEventListener("pointermove", function (e) {
    if (!drawing) { return; } var p = point(e); ink.lineTo(p.x, p.y); ink.stroke();
  });
  pad.addEventListener("pointerup", function () { drawing = false; });
  $("sign-clear").addEventListener("click", function () { ink.clearRect(0, 0, pad.width, pad.height); signed = false; });

  $("resolve").addEventListener("click", function () {
    var summary = $("summary").value.trim();
    if (!summary) { say(t("Please write the summary."), true); $("summary").focus(); return; }
    if (!signed) { say(t("Please ask the customer to sign."), true); return; }
    var png = pad.toDataURL("image/png").split(",")[1];
    act("/tickets/" + job.ticket.id + "/attachments",
        { filename: "signature.png", data: png, content_type: "image/png" })
      .then(function () { return step("resolved", summary); })
      .then(function (a) {
        ink.clearRect(0, 0, pad.width, pad.height); signed = false; $("summary").value = "";
        if (a && a.queued) { say(t("Saved on the phone; it will be sent.")); show("jobs"); return null; }
        say(t("Resolved. Thank you!"));
        return listJobs();
      }, refused);
  });

  // --- start ---------------------------------------------------------------------------------
  if (me.token) { flush(null).catch(function () {}).then(listJobs); } else { show("login"); }
})();
