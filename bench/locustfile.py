"""Locust scenarios for bench/load.py (which sets the environment and starts the web server).

BENCH_SCENARIO picks the task; BENCH_MAX_REQUESTS stops the run after that many requests (the
run time is bounded by locust's --run-time too). Traffic goes only to --host, which bench/load.py
sets to 127.0.0.1. Two user classes send the same requests: ``FastVisitor`` (geventhttpclient,
keep-alive; the default, several times cheaper per request for locust itself, which shares the
cores with the server) and ``Visitor`` (python-requests), named on locust's command line.
"""

import base64
import itertools
import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import FastHttpUser, HttpUser, constant, events

DATA = json.loads(Path(os.environ["BENCH_DATA_FILE"]).read_text()) if "BENCH_DATA_FILE" in os.environ else {}
SCENARIO = os.environ.get("BENCH_SCENARIO", "lookup")
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "100000"))
PDF = base64.b64encode(bytes.fromhex(DATA.get("pdf_hex", ""))).decode()
RUN = uuid.uuid4().hex[:8]
_numbers = itertools.count()
_to_receive = iter(DATA.get("to_receive", []))
_desks = iter(DATA.get("desks", []))  # (counter id, session key): one officer per counter
TICKET_FIELD = re.compile(r'name="ticket" value="(\d+)"')


@events.request.add_listener
def stop_when_done(context=None, **kwargs):
    if next(_numbers) + 1 >= MAX_REQUESTS and kwargs.get("response") is not None:
        runner = getattr(stop_when_done, "runner", None)
        if runner:
            runner.quit()


@events.init.add_listener
def keep_runner(environment, **kwargs):
    stop_when_done.runner = environment.runner


class Scenarios:
    """The requests of each scenario; a session cookie (officer, monitor) goes in a header, which
    both HTTP clients send as given."""

    wait_time = constant(0)

    def one(self):
        getattr(self, SCENARIO)()

    tasks = [one]  # a plain list: locust collects a mixin's tasks from this attribute, not from @task

    def headers(self, **extra) -> dict:
        session = DATA.get("monitor_session" if SCENARIO == "dashboard" else "session")
        return {**({"Cookie": f"sessionid={session}"} if session else {}), **extra}

    def submission(self):
        n = random.randrange(10**5)
        body = {"procedure_code": DATA["procedure"], "unit_code": random.choice(DATA["units"]), "channel": "online",
                "applicant": {"name": "Nguyễn Văn Đo", "id_number": f"0010980{n:05d}", "phone": "0912345678"},
                "attachments": [{"name": "don.pdf", "content_base64": PDF}]}
        self.client.post("/api/v1/dossiers", json=body, name="submission",
                         headers={"Authorization": f"Bearer {DATA['token']}",
                                  "Idempotency-Key": f"{RUN}-{uuid.uuid4().hex}"})

    def lookup(self):
        code, factor = random.choice(DATA["lookups"])
        self.client.post("/api/v1/lookup", json={"code": code, "factor": factor}, name="lookup")

    def inbox(self):
        self.client.get("/nghiep-vu/ho-so/?tab=mine", name="inbox", headers=self.headers())

    def dossier_page(self):
        self.client.get(f"/nghiep-vu/ho-so/{random.choice(DATA['dossiers'])}/", name="dossier page",
                        headers=self.headers())

    def action(self):
        """An officer acts on a dossier as the page does (htmx POST, answered with the page): the
        reception officer accepts an online dossier, then forwards it to the processing step."""
        public_id, version = next(_to_receive, (None, None))
        if public_id is None:  # every prepared dossier was used: the run is over
            stop_when_done.runner.quit()
            return
        headers = self.headers(**{"X-CSRFToken": DATA["csrf"], "HX-Request": "true"})
        headers["Cookie"] += f"; csrftoken={DATA['csrf']}"
        for name in ("accept", "forward"):
            form = {f"{name}-version": str(version)}  # each action's form fields carry its name as prefix
            with self.client.post(f"/nghiep-vu/ho-so/{public_id}/thao-tac/{name}/", data=form, name=name,
                                  headers=headers, catch_response=True) as answer:
                if "Đã thực hiện" not in answer.text:  # a refusal is a 200 page too, with the reason
                    answer.failure(f"{name} not done: {answer.status_code}")
                    return
            version += 1

    def queue(self):
        """An officer at a counter: call the next number as the console does (htmx POST, answered
        with the console panel), then start and finish serving it (plain form posts)."""
        if not hasattr(self, "desk"):
            self.desk = next(_desks, None)
        if self.desk is None:  # more locust users than counters: the extra ones stay idle
            self.stop()
            return
        counter, session = self.desk
        headers = {"Cookie": f"sessionid={session}; csrftoken={DATA['csrf']}", "X-CSRFToken": DATA["csrf"]}
        base = f"/xep-hang/quay/{counter}/"
        with self.client.post(base + "call/", headers={**headers, "HX-Request": "true"}, name="call",
                              catch_response=True) as answer:
            found = TICKET_FIELD.search(answer.text)
            if not found:
                if "nobody is waiting" not in answer.text:
                    answer.failure(f"no ticket called: {answer.status_code}")
                else:  # the prepared tickets are all served: the run is over
                    stop_when_done.runner.quit()
                return
        for step in ("start", "finish"):
            self.client.post(base + f"{step}/", data={"ticket": found.group(1)}, headers=headers, name=step,
                             allow_redirects=False)

    def dashboard(self):
        self.client.get("/giam-sat/", name="dashboard", headers=self.headers())

    def assistant(self):
        self.client.post("/api/v1/assistant/ask", json={"question": random.choice(DATA["questions"])},
                         name="assistant")

    # The floor (bench/wsgi_preloaded.py): the same kind of small JSON POST as the lookup.
    def floor_wsgi(self):
        self.client.post("/bench-floor/wsgi", json={"code": "H91.101-261123-0001", "factor": "5678"}, name="floor")

    def floor_django(self):
        self.client.post("/bench-floor/django", json={"code": "H91.101-261123-0001", "factor": "5678"}, name="floor")

    def floor_ninja(self):
        self.client.post("/bench-floor/ninja/ping", json={"code": "H91.101-261123-0001", "factor": "5678"},
                         name="floor")


class FastVisitor(Scenarios, FastHttpUser):
    pass


class Visitor(Scenarios, HttpUser):
    pass
