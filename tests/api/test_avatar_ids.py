"""`/media/avatar/<id>` with an id no database column can hold answered 500 (issue 9, item 13): it is a 404."""

import warnings

import pytest
from factories import login_token, make_user

from engnest.accounts.state.session import COOKIE_NAME
from engnest.platform.http import http_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.mark.parametrize("user_id", ["99999999999999999999", "2147483648", "-1", "0", "1e3", "%20"])
def test_an_id_out_of_range_or_malformed_is_not_found(session, user_id):
    me = make_user(session)
    client = TestClient(http_app(), base_url="http://testserver", raise_server_exceptions=False)
    response = client.get(f"/media/avatar/{user_id}", cookies={COOKIE_NAME: login_token(session, me)})
    assert response.status_code == 404
