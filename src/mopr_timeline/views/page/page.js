/* The timeline page's script: shows what Python computed (see mopr_timeline/views/_page.py).
 *
 * The state on a day is looked up, never computed: the segments are the ranges of days over
 * which the state is the same, in order, and the state on a day is that of the last segment
 * whose first day (an ISO date string) is on or before it, compared as text. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("page-data").textContent);
  var segments = data.segments;
  var dayInput = document.getElementById("day");
  var slider = document.getElementById("slider");
  var segmentOut = document.getElementById("segment");
  var stateDay = document.getElementById("state-day");
  var stateRange = document.getElementById("state-range");
  var stateFacts = document.getElementById("state-facts");
  var detailsBody = document.getElementById("details-body");
  var list = document.getElementById("item-list");
  var countrySelect = document.getElementById("country");
  var kindsBox = document.getElementById("kinds");
  var ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // -- the state on a day ---------------------------------------------------------------------

  function segmentOn(day) {
    var lo = 0, hi = segments.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var start = segments[mid].start;
      if (start === null || start <= day) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function rangeText(segment) {
    var from = segment.start === null ? "the beginning" : segment.start;
    var to = segment.end === null ? "the end" : segment.end;
    return from === to ? "this day only" : "from " + from + " to " + to;
  }

  function showState(day, index) {
    var segment = segments[index];
    stateDay.textContent = day;
    stateRange.textContent = "The same state holds " + rangeText(segment) + ".";
    segmentOut.textContent = "State " + (index + 1) + " of " + segments.length + ": " +
      rangeText(segment);
    slider.setAttribute("aria-valuetext", day + ", state " + rangeText(segment));
    var blocks = [el("p", { "class": "exists", id: "exists", "data-certainty": segment.exists,
      text: "The organization exists: " + segment.exists })];
    data.families.forEach(function (family) {
      var indexes = segment.facts[family.name] || [];
      var items = indexes.map(function (i) {
        var fact = data.facts[i];
        var certainty = fact.json.certainty;
        return el("li", {
          "class": "fact " + certainty,
          "data-family": family.name,
          "data-certainty": certainty,
          "data-fact": JSON.stringify(fact.json)
        }, [
          el("span", { "class": "certainty", text: certainty }),
          el("span", { "class": "label", text: fact.label }),
          fact.json.disputed ? el("span", { "class": "disputed-mark", text: "⚑ disputed" }) : null
        ]);
      });
      var certain = indexes.filter(function (i) {
        return data.facts[i].json.certainty === "certain";
      }).length;
      blocks.push(el("section", { "class": "family", "data-family": family.name }, [
        el("h3", { text: family.title + " (" + certain + " certain, " +
          (indexes.length - certain) + " possible)" }),
        items.length ? el("ul", { "data-family": family.name }, items)
          : el("p", { "class": "note", text: "None." })
      ]));
    });
    stateFacts.replaceChildren.apply(stateFacts, blocks);
  }

  function showDay(day, fromSlider) {
    if (!ISO_DAY.test(day)) return;
    if (day < data.first) day = data.first;
    if (day > data.last) day = data.last;
    var index = segmentOn(day);
    if (!fromSlider) slider.value = String(index);
    dayInput.value = day;
    showState(day, index);
    if (timeline) timeline.setCustomTime(day, "day");
    document.body.setAttribute("data-day", day);
  }

  slider.max = String(segments.length - 1);
  dayInput.min = data.first;
  dayInput.max = data.last;
  slider.addEventListener("input", function () {
    var segment = segments[Number(slider.value)];
    showDay(segment.start === null ? segment.end : segment.start, true);
  });
  dayInput.addEventListener("change", function () { showDay(dayInput.value, false); });
  dayInput.addEventListener("input", function () {
    if (ISO_DAY.test(dayInput.value)) showDay(dayInput.value, false);
  });

  // -- filters --------------------------------------------------------------------------------

  data.countries.forEach(function (country) {
    countrySelect.appendChild(el("option", { value: country, text: country }));
  });
  data.kinds.forEach(function (kind) {
    var id = "kind-" + kind.name;
    kindsBox.appendChild(el("label", { "for": id }, [
      el("input", { type: "checkbox", id: id, value: kind.name, checked: true }), " " + kind.label
    ]));
  });

  function chosenKinds() {
    var chosen = {};
    kindsBox.querySelectorAll("input:checked").forEach(function (box) { chosen[box.value] = true; });
    return chosen;
  }

  function passes(item, country, kinds) {
    if (country && item.countries.indexOf(country) < 0) return false;
    return item.kinds.some(function (kind) { return kinds[kind]; });
  }

  // -- the timeline ---------------------------------------------------------------------------

  var itemsById = {};
  data.items.forEach(function (item) { itemsById[item.id] = item; });

  function tooltip(item) {
    return escapeHtml(item.heading + ": " + item.label) + "<br>" +
      escapeHtml((item.certain ? "certain" : "possible") + ", " + item.text) +
      (item.disputed ? "<br>⚑ disputed" : "");
  }

  var timeline = null;
  var visItems = null;
  var visGroups = null;
  var view = null;
  if (window.vis && window.vis.Timeline) {
    visItems = new vis.DataSet(data.items.map(function (item) {
      return {
        id: item.id,
        group: item.row,
        start: item.start,
        end: item.end || undefined,
        type: item.end ? "range" : "point",
        className: (item.certain ? "certain" : "possible") + (item.disputed ? " disputed" : ""),
        content: escapeHtml(item.content) + (item.disputed ? " ⚑" : ""),
        title: tooltip(item)
      };
    }));
    var groupList = [];
    data.groups.forEach(function (group) {
      groupList.push({ id: group.id, content: escapeHtml(group.content), nestedGroups: group.rows,
        className: "heading", showNested: true });
    });
    data.rows.forEach(function (row) {
      groupList.push({ id: row.id, content: escapeHtml(row.label), treeLevel: 2 });
    });
    visGroups = new vis.DataSet(groupList);
    var state = { country: "", kinds: chosenKinds() };
    view = new vis.DataView(visItems, {
      filter: function (shown) { return passes(itemsById[shown.id], state.country, state.kinds); }
    });
    timeline = new vis.Timeline(document.getElementById("timeline"), view, visGroups, {
      stack: false,
      orientation: "top",
      min: data.first,
      max: data.last,
      start: data.first,
      end: data.last,
      maxHeight: 560,
      verticalScroll: true,
      zoomKey: "ctrlKey",
      selectable: true,
      multiselect: false,
      showCurrentTime: false,
      groupOrder: function (a, b) { return groupList.indexOf(a) - groupList.indexOf(b); },
      margin: { item: { horizontal: 0, vertical: 3 } },
      tooltip: { followMouse: true }
    });
    timeline.addCustomTime(data.first, "day");
    timeline.setCustomTimeTitle("The day shown in the state panel", "day");
    timeline.on("select", function (properties) {
      if (properties.items.length) selectItem(properties.items[0], false);
    });
    var refilter = function () {
      state.country = countrySelect.value;
      state.kinds = chosenKinds();
      view.refresh();
      // rows without an item left are hidden, and headings without a row
      var rowShown = {};
      data.items.forEach(function (item) {
        if (passes(item, state.country, state.kinds)) rowShown[item.row] = true;
      });
      var updates = data.rows.map(function (row) {
        return { id: row.id, visible: !!rowShown[row.id] };
      });
      data.groups.forEach(function (group) {
        updates.push({ id: group.id, visible: group.rows.some(function (r) { return rowShown[r]; }) });
      });
      visGroups.update(updates);
      refreshList();
    };
    countrySelect.addEventListener("change", refilter);
    kindsBox.addEventListener("change", refilter);
  } else {
    document.getElementById("timeline").textContent =
      "The timeline component did not load; the list of items below shows every item.";
    countrySelect.addEventListener("change", function () { refreshList(); });
    kindsBox.addEventListener("change", function () { refreshList(); });
  }

  // -- the list of items (every item as text, reached with Tab and the arrow keys) -------------

  data.items.forEach(function (item, i) {
    var text = item.heading + " — " + item.label + ": " +
      (item.certain ? "certain" : "possible") + ", " + item.start +
      (item.end ? " to " + item.end : "") + " (" + item.text + ")" +
      (item.disputed ? ", disputed" : "");
    list.appendChild(el("li", {
      role: "option",
      id: "option-" + item.id,
      "data-item": item.id,
      "aria-selected": "false",
      tabindex: i === 0 ? "0" : "-1"
    }, [text]));
  });

  function options() {
    return Array.prototype.filter.call(list.children, function (option) { return !option.hidden; });
  }

  function focusOption(option) {
    list.querySelectorAll('[tabindex="0"]').forEach(function (o) { o.tabIndex = -1; });
    option.tabIndex = 0;
    option.focus();
  }

  function refreshList() {
    var country = countrySelect.value;
    var kinds = chosenKinds();
    Array.prototype.forEach.call(list.children, function (option) {
      option.hidden = !passes(itemsById[option.getAttribute("data-item")], country, kinds);
    });
    var shown = options();
    if (shown.length && !shown.some(function (o) { return o.tabIndex === 0; })) {
      list.querySelectorAll('[tabindex="0"]').forEach(function (o) { o.tabIndex = -1; });
      shown[0].tabIndex = 0;
    }
  }

  list.addEventListener("keydown", function (event) {
    var shown = options();
    var at = shown.indexOf(document.activeElement);
    if (at < 0) return;
    var next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") next = shown[at + 1];
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = shown[at - 1];
    else if (event.key === "Home") next = shown[0];
    else if (event.key === "End") next = shown[shown.length - 1];
    else if (event.key === "Enter" || event.key === " ") {
      selectItem(shown[at].getAttribute("data-item"), true);
      event.preventDefault();
      return;
    } else return;
    event.preventDefault();
    if (next) focusOption(next);
  });
  list.addEventListener("click", function (event) {
    var option = event.target.closest("[data-item]");
    if (!option) return;
    focusOption(option);
    selectItem(option.getAttribute("data-item"), true);
  });

  // -- an item's events -----------------------------------------------------------------------

  function eventArticle(id) {
    var e = data.events[id];
    if (!e) return null;
    var source = e.source;
    var cited = source === null ? "no source" :
      source.title + (source.pages ? ", p. " + source.pages : "");
    return el("article", { "class": "event", "data-event": id }, [
      el("h4", { text: e.kind + (e.disputed ? " ⚑ disputed" : "") }),
      el("p", { text: e.text }),
      el("dl", {}, [
        el("dt", { text: "Date as written" }), el("dd", { "class": "written", text: e.written }),
        el("dt", { text: "Bounds" }), el("dd", { "class": "bounds", text: e.bounds }),
        el("dt", { text: "Source" }), el("dd", { "class": "citation", text: cited }),
        el("dt", { text: "Event" }), el("dd", { text: id }),
        e.competing.length ? el("dt", { text: "Competes with" }) : null,
        e.competing.length ? el("dd", { text: e.competing.join(", ") }) : null
      ]),
      source && source.quotation ?
        el("blockquote", { "class": "quotation", text: source.quotation }) : null
    ]);
  }

  function selectItem(id, fromList) {
    var item = itemsById[id];
    if (!item) return;
    list.querySelectorAll('[aria-selected="true"]').forEach(function (o) {
      o.setAttribute("aria-selected", "false");
    });
    var option = document.getElementById("option-" + id);
    if (option) {
      option.setAttribute("aria-selected", "true");
      if (!fromList) option.scrollIntoView({ block: "nearest" });
    }
    if (timeline && fromList) {
      timeline.setSelection([id]);
    }
    var heading = el("h3", { text: item.heading + ": " + item.label });
    var summary = el("p", {
      text: (item.certain ? "Certain" : "Possible") + " from " + item.start +
        (item.end ? " to " + item.end : "") + ". Dates as written: " + item.text + "." +
        (item.disputed ? " Sources disagree (disputed)." : "")
    });
    var articles = item.events.map(eventArticle);
    detailsBody.replaceChildren.apply(detailsBody, [heading, summary].concat(articles));
    document.body.setAttribute("data-selected", id);
  }

  // -- the counts charts: one shown at a time -------------------------------------------------

  var chartSelect = document.getElementById("count-family");
  chartSelect.addEventListener("change", function () {
    document.querySelectorAll("figure.chart").forEach(function (figure) {
      figure.hidden = figure.getAttribute("data-family") !== chartSelect.value;
    });
  });

  showDay(data.first <= "1930-01-01" && "1930-01-01" <= data.last ? "1930-01-01" : data.first,
    false);
  document.body.setAttribute("data-ready", "true");
})();
