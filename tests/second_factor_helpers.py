"""Signing in past the second factor in tests, as a person with an authenticator app
would: the code is computed from the device's secret (RFC 6238, django-otp's own
``totp``)."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jaring.accounts import second_factor

# A fixed secret for test users' devices (base32, 20 bytes).
TEST_KEY = "TESTTESTTESTTESTTESTTESTTESTTEST"


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the device's app shows now (or ``steps_ahead`` steps of 30 s later)."""
    counter = TOTP(device.bin_key, device.step, device.t0, device.digits)
    counter.time = time.time() + steps_ahead * device.step
    return f"{counter.token():06d}"


def pass_second_factor(client, user) -> None:
    """Mark ``client``'s session verified by ``user``'s device (made if the user needs
    one and has none); a user who needs none is left as signed in."""
    device = second_factor.app_device(user)
    if device is None and not second_factor.is_required(user):
        return
    if device is None:
        device = second_factor.install_device(user, TEST_KEY)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
