// Drag a Gantt bar to move a task, or its ends to change its start or end. The new dates are
// saved at once through the same endpoint as the table's forms (same validation, same
// optimistic lock); a refused change puts the bar back and says why in the live region.
(() => {
  const gantt = document.getElementById("gantt");
  if (!gantt || gantt.dataset.editable !== "true") return;
  const DAY = 86400000;
  const days = Number(gantt.dataset.days);
  const windowStart = Date.parse(gantt.dataset.start + "T00:00:00Z");
  const windowEnd = windowStart + (days - 1) * DAY;
  const status = document.getElementById("gantt-status");
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const iso = (time) => new Date(time).toISOString().slice(0, 10);
  const parse = (text) => Date.parse(text + "T00:00:00Z");
  let drag = null;

  const place = (bar, start, end) => {
    const first = Math.max(start, windowStart);
    const last = Math.min(end, windowEnd);
    bar.style.left = `${(100 * (first - windowStart)) / DAY / days}%`;
    bar.style.width = `${(100 * Math.max((last - first) / DAY + 1, 1)) / days}%`;
  };
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

  gantt.addEventListener("pointerdown", (event) => {
    const bar = event.target.closest(".gantt__bar[data-move-url]");
    if (!bar || event.button !== 0 || bar.classList.contains("is-saving")) return;
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
    const [start, end] = shifted(drag.bar, delta, drag.mode);
    place(drag.bar, start, end);
  });

  const finish = async () => {
    const { bar, delta, mode } = drag;
    drag = null;
    bar.classList.remove("is-dragging");
    if (delta === 0) return;
    // The drag must not also follow the bar's link.
    bar.addEventListener("click", (click) => click.preventDefault(), { once: true });
    const [start, end] = shifted(bar, delta, mode);
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
    // Whatever the outcome, the bar shows the task as it is saved now (another person's change
    // included, after a conflict).
    if (answer.start) {
      bar.dataset.start = answer.start;
      bar.dataset.end = answer.end;
      bar.dataset.version = String(answer.version);
      const row = document.querySelector(`[data-task-row="${bar.dataset.task}"]`);
      if (row) {
        row.querySelector("input[name=start]").value = answer.start;
        row.querySelector("input[name=end]").value = answer.end;
        row.querySelector("input[name=version]").value = String(answer.version);
      }
    }
    place(bar, parse(bar.dataset.start), parse(bar.dataset.end));
    say(answer.message, !answer.ok);
  };
  gantt.addEventListener("pointerup", () => drag && finish());
  gantt.addEventListener("pointercancel", () => {
    if (!drag) return;
    const { bar } = drag;
    drag = null;
    bar.classList.remove("is-dragging");
    place(bar, parse(bar.dataset.start), parse(bar.dataset.end));
  });
})();
