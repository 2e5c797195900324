"""The app's URLs plus one page that fails, for the 500 page's tests."""

from django.urls import path

from jaring.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [*urlpatterns, path("rusak/", broken)]
