"""What the browser tests do the way a person would: log in, and check a page's accessibility."""

from __future__ import annotations

from typing import Any

DEMO_PASSWORD = "maillage-demo"


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form and wait for the page it leads to."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form:has(#id_username) button[type=submit]")
    assert "/accounts/login/" not in page.url, "the login form was refused"


# Runs in the page; returns one sentence per problem, an empty list when the page passes.
ACCESSIBILITY_PROBLEMS_JS = """
() => {
  const problems = [];
  const text = (element) => (element.textContent || "").replace(/\\s+/g, " ").trim();
  const describe = (element) => element.outerHTML.slice(0, 120);

  if (!document.documentElement.lang) problems.push("<html> has no lang attribute");

  const headings = document.querySelectorAll("h1");
  if (headings.length !== 1) problems.push(`expected one <h1>, found ${headings.length}`);

  const focusable = Array.from(document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
  ));
  const first = focusable[0];
  const target = first && first.matches("a[href^='#']")
    ? document.getElementById(decodeURIComponent(first.getAttribute("href").slice(1)))
    : null;
  if (!target) {
    problems.push("the first focusable element is not a skip link to an element of the page");
  }

  const labelOf = (control) => {
    const aria = control.getAttribute("aria-label");
    if (aria && aria.trim()) return aria.trim();
    const labelledBy = control.getAttribute("aria-labelledby");
    if (labelledBy) {
      const joined = labelledBy.split(/\\s+/)
        .map((id) => document.getElementById(id)).filter(Boolean).map(text).join(" ");
      if (joined.trim()) return joined;
    }
    const labels = Array.from(control.labels || []).map(text).join(" ").trim();
    if (labels) return labels;
    const title = control.getAttribute("title");
    return title ? title.trim() : "";
  };
  const controls = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), " +
    "select, textarea"
  );
  for (const control of controls) {
    if (!labelOf(control)) problems.push(`form control without a label: ${describe(control)}`);
  }
  const buttons = document.querySelectorAll("button, input[type=submit], input[type=button]");
  for (const button of buttons) {
    const name = text(button) || button.getAttribute("aria-label") || button.value || "";
    if (!name.trim()) problems.push(`button without a name: ${describe(button)}`);
  }
  for (const link of document.querySelectorAll("a[href]")) {
    const name = text(link) || link.getAttribute("aria-label") || link.getAttribute("title")
      || Array.from(link.querySelectorAll("img[alt]")).map((img) => img.alt).join(" ");
    if (!name.trim()) problems.push(`link without a name: ${describe(link)}`);
  }
  for (const image of document.querySelectorAll("img:not([alt])")) {
    problems.push(`image without alt: ${describe(image)}`);
  }
  return problems;
}
"""


def accessibility_problems(page: Any) -> list[str]:
    problems: list[str] = page.evaluate(ACCESSIBILITY_PROBLEMS_JS)
    return problems
