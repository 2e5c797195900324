"""What the browser tells of the Content-Security-Policy (shared by the fixtures and the
policy's own test)."""


def policy_violations(console_texts) -> list[str]:
    """Console messages in which the browser says it refused something under the page's
    Content-Security-Policy (an inline script or style left in a template)."""
    return [text for text in console_texts if "Content Security Policy" in text]
