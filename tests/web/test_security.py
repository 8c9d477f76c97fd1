from config import Config, ConfigError, ProductionConfig


def test_security_headers_on_every_page(client):
    resp = client.get("/login")
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_production_refuses_to_start_without_a_secret_key():
    import pytest

    with pytest.raises(ConfigError):
        ProductionConfig.from_env({}).validate()
    with pytest.raises(ConfigError):
        ProductionConfig.from_env({"SECRET_KEY": "dev-only-not-secret"}).validate()
    ProductionConfig.from_env({"SECRET_KEY": "x" * 40}).validate()


def test_https_base_url_makes_cookies_secure():
    cfg = Config.from_env({"BASE_URL": "https://veturi.example.fi/"})
    assert cfg.SESSION_COOKIE_SECURE is True and cfg.BASE_URL == "https://veturi.example.fi"
    assert Config.from_env({}).SESSION_COOKIE_SECURE is False


def test_postgres_urls_use_psycopg3():
    cfg = Config.from_env({"DATABASE_URL": "postgresql://u@h/db"})
    assert cfg.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"


def test_bad_timezone_is_refused():
    import pytest

    cfg = Config.from_env({"TIMEZONE": "Mars/Olympus", "SECRET_KEY": "x"})
    with pytest.raises(ConfigError):
        cfg.validate()


def test_user_text_is_escaped(login, make_user, make_company):
    user = make_user()
    company = make_company(city=user.city, name="<script>alert(1)</script> Oy",
                           description="<img src=x onerror=alert(1)>")
    client = login(user)
    html = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Oy" in html
    assert "<img src=x" not in html
