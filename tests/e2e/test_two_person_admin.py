"""A role change in a real browser: one administrator changes a user's role in the
admin, the user keeps the old one while the change waits, the second administrator
sees it on their home page and confirms it in "Perubahan peran"."""

from widths import at_both_widths

USER = "keuangan2.kaltim"  # a demo login no other browser test uses


def test_a_role_change_waits_for_the_second_administrator(login, app_url, shots):
    first = login("admin")
    first.goto(app_url + "/admin/accounts/user/?q=" + USER)
    first.click(f"#result_list a >> text={USER}")
    first.select_option("#id_role", "pimpinan")
    first.click("input[name=_save]")
    first.wait_for_selector(".messagelist >> text=berlaku setelah dikonfirmasi")
    first.goto(app_url + "/admin/accounts/perubahanperan/")
    row = first.locator("#result_list tbody tr", has_text=USER)
    assert "Menunggu konfirmasi" in row.text_content()
    at_both_widths(first, shots, "perubahan-peran-menunggu")
    # Their own change is not on their list, and confirming it is refused.
    row.locator("input[name=_selected_action]").check()
    first.select_option("select[name=action]", "confirm_selected")
    first.click("button[name=index]")
    first.wait_for_selector(".messagelist >> text=Anda ajukan sendiri")
    shots(first, "perubahan-peran-ditolak-sendiri")

    second = login("admin2")
    todo = second.locator('#todo li[data-item="perubahan_peran"]')
    assert "1 perubahan peran pengguna menunggu konfirmasi Anda" in todo.text_content()
    todo.locator("a").click()
    row = second.locator("#result_list tbody tr", has_text=USER)
    row.locator("input[name=_selected_action]").check()
    second.select_option("select[name=action]", "confirm_selected")
    second.click("button[name=index]")
    second.wait_for_selector(".messagelist >> text=1 perubahan peran dikonfirmasi")
    second.goto(app_url + "/admin/accounts/perubahanperan/")
    assert "Berlaku" in second.locator("#result_list tbody tr", has_text=USER).text_content()
    at_both_widths(second, shots, "perubahan-peran-berlaku")
