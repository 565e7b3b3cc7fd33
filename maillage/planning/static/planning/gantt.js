// Move a task from the Gantt chart. With the mouse: drag a bar, or its ends to change its start
// or end. With the keyboard, on a focused bar: Alt+←/→ moves the task by a day, Ctrl+Alt+←/→
// changes its end by a day, Shift making either a week. The new dates are saved through the same
// endpoint as the table's forms (same validation, same optimistic lock); a refused change puts
// the bar back and says why in the live region. User-visible text comes from the template.
(() => {
  const gantt = document.getElementById("gantt");
  if (!gantt || gantt.dataset.editable !== "true") return;
  const DAY = 86400000;
  // Key presses closer than this make one move, saved by one request.
  const KEY_DELAY = 600;
  const days = Number(gantt.dataset.days);
  const windowStart = Date.parse(gantt.dataset.start + "T00:00:00Z");
  const windowEnd = windowStart + (days - 1) * DAY;
  const status = document.getElementById("gantt-status");
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const iso = (time) => new Date(time).toISOString().slice(0, 10);
  const parse = (text) => Date.parse(text + "T00:00:00Z");
  // The bars' names give their dates as the server wrote them (SHORT_DATE_FORMAT, that is
  // dd/mm/yyyy in French), with the page's language.
  const shortDate = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "UTC",
  });
  let drag = null;
  // Keyboard moves by bar: target (the dates shown, not saved yet), timer, sending (the dates
  // being saved) and again (send the target once the current request has answered).
  const typing = new Map();
  // The dates each bar shows, which differ from its data-start/data-end while it moves.
  const shown = new Map();

  // Dependency links are redrawn here, with the formula of selectors.gantt (x: days from the
  // window's start, clipped to it; y: rows, a step's heading counting as a row), rather than
  // taken from the page fetched again: a move changes only the moved task's dates (the move
  // service does not reschedule successors), and the server sorts sibling tasks by start, so a
  // fetched page may order rows differently from the rows on screen, and its arrows would then
  // join the wrong bars until a reload. Computed here, the arrows follow the bars as they are
  // drawn, during the move too, and go back with a bar whose move is refused.
  const rowY = new Map();
  gantt
    .querySelectorAll(".gantt__body > .gantt__group, .gantt__body > .gantt__row")
    .forEach((row, index) => {
      const bar = row.querySelector(".gantt__bar");
      if (bar) rowY.set(bar.dataset.task, index + 0.5);
    });
  const links = Array.from(gantt.querySelectorAll(".gantt__links path[data-from]"));
  const barOf = (task) => gantt.querySelector(`.gantt__bar[data-task="${task}"]`);

  // Offset and length in days, clipped to the window, a bar being at least a day wide.
  const span = (start, end) => {
    const first = Math.max(start, windowStart);
    const last = Math.min(end, windowEnd);
    return [(first - windowStart) / DAY, Math.max((last - first) / DAY + 1, 1)];
  };
  const datesShown = (bar) => shown.get(bar) || [parse(bar.dataset.start), parse(bar.dataset.end)];
  const redrawLinks = (task) => {
    for (const link of links) {
      const { from, to } = link.dataset;
      if (from !== task && to !== task) continue;
      const predecessor = barOf(from);
      const successor = barOf(to);
      if (!predecessor || !successor || !rowY.has(from) || !rowY.has(to)) continue;
      const [offset, length] = span(...datesShown(predecessor));
      const [x2] = span(...datesShown(successor));
      const y1 = rowY.get(from).toFixed(2);
      const y2 = rowY.get(to).toFixed(2);
      link.setAttribute("d", `M${offset + length} ${y1} h2 V${y2} H${x2}`);
    }
  };

  const place = (bar, start, end) => {
    const [offset, length] = span(start, end);
    bar.style.left = `${(100 * offset) / days}%`;
    bar.style.width = `${(100 * length) / days}%`;
    shown.set(bar, [start, end]);
    redrawLinks(bar.dataset.task);
  };
  const placeSaved = (bar) => place(bar, parse(bar.dataset.start), parse(bar.dataset.end));
  const say = (message, isError) => {
    status.textContent = message;
    status.classList.toggle("is-error", isError);
  };
  const shifted = (bar, delta, mode) => {
    let start = parse(bar.dataset.start);
    let end = parse(bar.dataset.end);
    if (mode !== "end") start += delta * DAY;
    if (mode !== "start") end += delta * DAY;
    if (mode === "start") start = Math.min(start, end);
    if (mode === "end") end = Math.max(end, start);
    return [start, end];
  };

  // Saves the dates; whatever the outcome, the bar's data, its name and the table's row then
  // hold the task as it is saved now (another person's change included, after a conflict), so
  // that the table never posts a stale version. Does not place the bar.
  const save = async (bar, start, end) => {
    const body = new FormData();
    body.append("start", iso(start));
    body.append("end", iso(end));
    body.append("version", bar.dataset.version);
    bar.classList.add("is-saving");
    let answer;
    try {
      const response = await fetch(bar.dataset.moveUrl, {
        method: "POST",
        body,
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
        credentials: "same-origin",
      });
      answer = await response.json();
    } catch (error) {
      answer = { ok: false, message: gantt.dataset.networkError || String(error) };
    }
    bar.classList.remove("is-saving");
    if (answer.start) {
      bar.dataset.start = answer.start;
      bar.dataset.end = answer.end;
      bar.dataset.version = String(answer.version);
      const dates = `${shortDate.format(parse(answer.start))} – ${shortDate.format(parse(answer.end))}`;
      bar.setAttribute("aria-label", `${bar.dataset.title} : ${dates}`);
      const row = document.querySelector(`[data-task-row="${bar.dataset.task}"]`);
      if (row) {
        row.querySelector("input[name=start]").value = answer.start;
        row.querySelector("input[name=end]").value = answer.end;
        row.querySelector("input[name=version]").value = String(answer.version);
      }
    }
    return answer;
  };

  // --- Mouse ----------------------------------------------------------------------------------

  gantt.addEventListener("pointerdown", (event) => {
    const bar = event.target.closest(".gantt__bar[data-move-url]");
    if (!bar || event.button !== 0 || bar.classList.contains("is-saving")) return;
    if (typing.get(bar)?.target) return; // a keyboard move of this bar is not saved yet
    // A bar too narrow to grab its ends is always moved, never resized.
    const handle = bar.offsetWidth >= 18 ? event.target.closest(".gantt__handle") : null;
    const mode = !handle ? "move" : handle.classList.contains("gantt__handle--start") ? "start" : "end";
    drag = { bar, mode, x0: event.clientX, dayPx: bar.parentElement.clientWidth / days, delta: 0 };
    bar.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  gantt.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const delta = Math.round((event.clientX - drag.x0) / drag.dayPx);
    if (delta === drag.delta) return;
    drag.delta = delta;
    drag.bar.classList.add("is-dragging");
    place(drag.bar, ...shifted(drag.bar, delta, drag.mode));
  });

  const finish = async () => {
    const { bar, delta, mode } = drag;
    drag = null;
    bar.classList.remove("is-dragging");
    if (delta === 0) return;
    // The drag must not also follow the bar's link.
    bar.addEventListener("click", (click) => click.preventDefault(), { once: true });
    const answer = await save(bar, ...shifted(bar, delta, mode));
    placeSaved(bar);
    say(answer.message, !answer.ok);
  };
  gantt.addEventListener("pointerup", () => drag && finish());
  gantt.addEventListener("pointercancel", () => {
    if (!drag) return;
    const { bar } = drag;
    drag = null;
    bar.classList.remove("is-dragging");
    placeSaved(bar);
  });

  // --- Keyboard -------------------------------------------------------------------------------

  const send = async (bar, state) => {
    clearTimeout(state.timer);
    if (state.sending) {
      state.again = true;
      return;
    }
    const target = state.target;
    if (!target) return;
    if (target[0] === parse(bar.dataset.start) && target[1] === parse(bar.dataset.end)) {
      state.target = null; // back where it is saved: nothing to send
      return;
    }
    state.sending = target;
    const answer = await save(bar, ...target);
    state.sending = null;
    if (!answer.ok || state.target === target) {
      // Saved, or refused: a refusal also drops the key presses made while it was sent.
      state.target = null;
      state.again = false;
      clearTimeout(state.timer);
      placeSaved(bar);
    } else if (state.again) {
      // Keys were pressed while saving and their delay is over: save where they put the bar.
      state.again = false;
      send(bar, state);
    }
    say(answer.message, !answer.ok);
  };

  gantt.addEventListener("keydown", (event) => {
    const bar = event.target.closest(".gantt__bar[data-move-url]");
    if (!bar || !event.altKey || event.metaKey) return;
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    // Alt+←/→ are also the browser's Back and Forward, which must not leave the page here.
    event.preventDefault();
    if (drag) return;
    const step = (event.key === "ArrowRight" ? 1 : -1) * (event.shiftKey ? 7 : 1);
    if (!typing.has(bar)) typing.set(bar, { target: null, timer: 0, sending: null, again: false });
    const state = typing.get(bar);
    let [start, end] = state.target || [parse(bar.dataset.start), parse(bar.dataset.end)];
    if (!event.ctrlKey) start += step * DAY;
    end += step * DAY;
    if (end < start) {
      say(gantt.dataset.endRefusal.replace("{title}", () => bar.dataset.title), true);
      return;
    }
    state.target = [start, end];
    place(bar, start, end);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => send(bar, state), KEY_DELAY);
  });

  // Leaving a bar saves its keyboard move at once rather than after the delay.
  gantt.addEventListener("focusout", (event) => {
    const state = typing.get(event.target);
    if (state?.target && !state.sending) send(event.target, state);
  });
})();
