from engnest.engnest import backend_error


def test_unexpected_errors_show_a_plain_message_without_details():
    event = backend_error(RuntimeError("db password is hunter2 at /srv/app.py line 3"))
    rendered = str(event)
    assert "Something went wrong" in rendered
    assert "hunter2" not in rendered and "Traceback" not in rendered and "app.py" not in rendered
