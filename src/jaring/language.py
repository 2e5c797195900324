"""The interface language: Indonesian unless the user chose English.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language, so a district
office laptop set up in English would get an English Jaring. Here only the language the
user picked in the menu (the ``set_language`` cookie) counts; everyone else gets
``LANGUAGE_CODE`` (Indonesian).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
