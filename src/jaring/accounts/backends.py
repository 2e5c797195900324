"""Django's username/password backend, loading the signed-in user with their region.

Every page's header names the user's region, so the user that authentication loads for
each request comes with it in the same query (one query less on every page)."""

from django.contrib.auth.backends import ModelBackend

from jaring.accounts.models import User


class PasswordBackend(ModelBackend):
    def get_user(self, user_id):
        user = User.objects.select_related("wilayah").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
