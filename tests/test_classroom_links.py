"""The join link: from the public URL, else the address the trainer's browser used; local addresses are flagged."""

import segno

from classroom.links import base_url, is_local, join_link, qr_png


def test_the_public_url_wins_and_keeps_its_path_prefix():
    link = join_link("K7QX3M", public_url="https://class.example.org/itil/", browser_url="http://127.0.0.1:8501/x")
    assert link.url == "https://class.example.org/itil/classroom?join=K7QX3M"
    assert not link.local_only


def test_without_a_public_url_the_browsers_address_is_used_without_its_path():
    link = join_link("K7QX3M", browser_url="http://192.168.1.20:8501/classroom?run=3")
    assert link.url == "http://192.168.1.20:8501/classroom?join=K7QX3M"
    assert not link.local_only


def test_the_host_header_is_the_fallback_and_localhost_is_flagged():
    assert base_url(host="10.0.0.5:8502") == "http://10.0.0.5:8502"
    assert join_link("K7QX3M", host="localhost:8501").local_only
    assert join_link("K7QX3M").local_only  # nothing known: localhost, and said so


def test_local_hosts():
    for host in ("localhost", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0", "app.localhost"):
        assert is_local(host), host
    for host in ("192.168.1.20", "class.example.org", "10.0.0.5"):
        assert not is_local(host), host


def test_the_qr_code_is_a_png_of_the_url():
    url = "http://192.168.1.20:8501/classroom?join=K7QX3M"
    png = qr_png(url, scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == qr_png(url, scale=1) and png != qr_png(url + "X", scale=1)
    assert segno.make(url, error="m").designator  # segno encodes it at a version a phone reads
