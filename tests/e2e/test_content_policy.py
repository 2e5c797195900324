"""The Content-Security-Policy is enforced in the browser, and what it refuses reaches the
console in the words every browser test watches for (``login`` fails a test on one)."""

from policy import policy_violations


def test_an_inline_style_and_script_are_refused_and_reported(browser, app_url):
    context = browser.new_context()
    seen: list[str] = []
    context.on("console", lambda message: seen.append(message.text))
    page = context.new_page()
    page.goto(app_url + "/masuk/")
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML('beforeend', '<p id="inline" style="color: red">x</p>');
          const script = document.createElement('script');
          script.textContent = 'window.__ran = true';
          document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(300)

    assert page.evaluate("() => window.__ran === true") is False
    color = page.evaluate("() => getComputedStyle(document.getElementById('inline')).color")
    assert color != "rgb(255, 0, 0)"
    assert len(policy_violations(seen)) >= 2, seen
    context.close()
