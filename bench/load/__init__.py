"""`make load`: riskapp under gunicorn and real concurrent users, beside a bare Flask page.

run.py orchestrates; servers.py starts gunicorn on throwaway databases; client.py is the load
client (its own process); http.py its small HTTP client; pages.py what it reads from pages;
machine.py processor readings; report.py the arithmetic and the table; bare_app.py the bare page.
"""
