"""Scale-out benchmark: one worker against two, and ``vanban check`` on PostgreSQL vs SQLite.

1. **Workers.** A local cluster (``LocalCluster``: PostgreSQL from
   ``scripts/start-postgres.sh`` for the store and for Prefect's own database,
   ``prefect server start`` on loopback, the deployment of ``prefect.yaml``, workers) processes the same batch of generated plans with
   one worker (one flow run) and with two (two flow runs). On a 2-core machine both
   configurations share the same two cores, so the ratio shows the cost of the second
   worker (its process, its extraction pool, claim races), not scaling.
2. **Checks.** N generated documents (ten citations each, 0.2% wrong days) are loaded
   into a SQLite and a PostgreSQL store; the whole-corpus check runs on each, the former
   way (every document in memory) and with ``check_all`` (indexed queries on the store's
   ``mentions`` rows), each in its own process for its time and peak memory; the findings
   must be equal. ``python -m bench.scaleout_bench --checks [N]`` runs this part alone.

>>> print(run(quick=True))        # doctest: +SKIP
scale-out (quick) ...
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START_PG = REPO / "scripts" / "start-postgres.sh"
FINAL = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


# -- a local cluster: PostgreSQL, Prefect server, deployment, workers ----------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(home: Path) -> dict[str, str]:
    """This environment without any Prefect or store setting, Prefect at ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.pop("VANBAN_STORE", None)
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        OMP_THREAD_LIMIT="1",
    )
    return env


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (read from /proc: flow runs start their own sessions)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process and everything below it: a machine switched off."""
    for pid in [proc.pid, *descendants(proc.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
    proc.wait(timeout=30)


def spawn(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as fh:
        return subprocess.Popen(
            cmd, env=env, cwd=REPO, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_postgres(folder: Path) -> str:
    """``scripts/start-postgres.sh folder`` → URL; RuntimeError with its message if not."""
    done = subprocess.run(
        ["bash", str(START_PG), str(folder)], capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"PostgreSQL could not be started: {done.stderr.strip()[-500:]}")
    return done.stdout.strip().splitlines()[-1]


def create_database(server_url: str, name: str) -> str:
    """A fresh database ``name`` on the cluster of ``server_url``; returns its URL."""
    import psycopg

    host = server_url.split("@", 1)[1].rsplit("/", 1)[0]
    with psycopg.connect(f"postgresql://postgres@{host}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} OWNER vanban")
    return server_url.rsplit("/", 1)[0] + "/" + name


@dataclass
class LocalCluster:
    """A Prefect server on loopback with the ``vanban-pool/inbox`` deployment and workers."""

    root: Path
    inbox: Path
    out: Path
    worker_env: dict[str, str] = field(default_factory=dict)
    api: str = ""
    env: dict[str, str] = field(default_factory=dict)
    deployment_id: str = ""
    prefect_db: str = ""
    """Prefect's own database (``postgresql+asyncpg://…``); empty: SQLite in PREFECT_HOME."""
    server: subprocess.Popen[bytes] | None = None
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def start(self) -> None:
        """Server, work pool, ``prefect deploy`` of prefect.yaml (no schedule service)."""
        self.logs.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.api = f"http://127.0.0.1:{port}/api"
        base = clean_env(self.root / "prefect")
        if self.prefect_db:
            base["PREFECT_API_DATABASE_CONNECTION_URL"] = self.prefect_db
        self.server = spawn(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
             str(port), "--no-ui", "--no-scheduler", "--analytics-off"],
            base,
            self.logs / "server.log",
        )  # fmt: skip
        self._wait_healthy()
        self.env = base | {"PREFECT_API_URL": self.api}
        subprocess.run(
            [str(BIN / "prefect"), "work-pool", "create", "vanban", "--type", "process"],
            env=self.env, cwd=REPO, check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        deploy_env = self.env | {
            "VANBAN_REPO": str(REPO),
            "VANBAN_INBOX": str(self.inbox),
            "VANBAN_OUT": str(self.out),
        }
        done = subprocess.run(
            [str(BIN / "prefect"), "--no-prompt", "deploy", "--name", "inbox"],
            env=deploy_env, cwd=REPO, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"prefect deploy failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        self.deployment_id = str(self.call("GET", "/deployments/name/vanban-pool/inbox")["id"])

    def _wait_healthy(self) -> None:
        import httpx

        assert self.server is not None
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"prefect server exited: {self.log_tail('server')}")
            try:
                if httpx.get(f"{self.api}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"prefect server not healthy in 150 s: {self.log_tail('server')}")

    def log_tail(self, name: str, chars: int = 2000) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def add_worker(self, name: str, **env: str) -> None:
        """``prefect worker start --pool vanban --limit 1`` with the cluster's worker env."""
        self.workers[name] = spawn(
            [str(BIN / "prefect"), "worker", "start", "--pool", "vanban", "--limit", "1",
             "--name", f"worker-{name}"],
            self.env | {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "1"}
            | self.worker_env | env,
            self.logs / f"worker-{name}.log",
        )  # fmt: skip

    def kill_worker(self, name: str) -> None:
        kill_tree(self.workers.pop(name))

    def stop(self) -> None:
        for proc in [*self.workers.values(), *([self.server] if self.server else [])]:
            if proc.poll() is None:
                kill_tree(proc)
        self.workers.clear()

    def call(self, method: str, path: str, **kw: Any) -> Any:
        """One API call, retried on 5xx/429 (Prefect's busy SQLite answers 503)."""
        import httpx

        for attempt in range(20):
            try:
                resp = httpx.request(method, self.api + path, timeout=30, **kw)
            except httpx.TransportError:
                time.sleep(0.5 * (attempt + 1))
                continue
            if resp.status_code in (429, 500, 502, 503, 504):
                time.sleep(0.5 * (attempt + 1))
                continue
            resp.raise_for_status()
            return resp.json()
        raise RuntimeError(f"{method} {path}: the Prefect API kept failing")

    def run(self, **params: Any) -> str:
        """Create a flow run of the deployment (parameters over the deployment's)."""
        body = {"parameters": {"inbox": str(self.inbox), "out": str(self.out)} | params}
        flow_run = self.call(
            "POST", f"/deployments/{self.deployment_id}/create_flow_run", json=body
        )
        return str(flow_run["id"])

    def state(self, run_id: str) -> str:
        return str(self.call("GET", f"/flow_runs/{run_id}")["state_type"])

    def wait(self, run_ids: list[str], timeout: float = 300) -> list[str]:
        """Final states of ``run_ids``; raises if a worker exited or time ran out."""
        deadline = time.monotonic() + timeout
        states: list[str] = []
        while time.monotonic() < deadline:
            states = [self.state(r) for r in run_ids]
            if all(s in FINAL for s in states):
                return states
            for name, proc in self.workers.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"worker {name} exited: {self.log_tail('worker-' + name)}")
            time.sleep(0.5)
        raise RuntimeError(f"flow runs not finished in {timeout} s: {states}")


@contextmanager
def local_cluster(root: Path, prefect_db: str = "", **worker_env: str) -> Iterator[LocalCluster]:
    """Start a :class:`LocalCluster` under ``root`` (inbox, out, logs); stop it after."""
    inbox, out = root / "inbox", root / "out"
    inbox.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    cluster = LocalCluster(root, inbox, out, dict(worker_env), prefect_db=prefect_db)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


# -- generated plans: small, realistic plain-text documents ------------------------------
SUBJECTS = (
    "chuyển đổi số trong các cơ quan đảng",
    "phòng, chống tham nhũng, tiêu cực",
    "phát triển du lịch cộng đồng",
    "tuyên truyền kỷ niệm ngày thành lập Đảng",
    "kiểm tra, giám sát của cấp ủy",
    "sắp xếp tổ chức bộ máy",
    "công tác dân vận của hệ thống chính trị",
    "bảo vệ chính trị nội bộ",
)
SHARED = (  # decisions every plan may cite: (number, day, month, subject)
    ("812-QĐ/TU", 5, 1, "thành lập Ban Chỉ đạo chuyển đổi số tỉnh"),
    ("720-QĐ/TU", 13, 2, "ban hành Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh"),
    ("35-NQ/TU", 20, 1, "phát triển kinh tế - xã hội năm 2026"),
    ("97-KH/TU", 12, 1, "công tác kiểm tra, giám sát năm 2026"),
)
SIGNERS = ("Lò Văn Mừng", "Mùa A Sơn", "Nguyễn Thị Hoa", "Lê Thành Đô")


def make_document(i: int, *, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of plan number ``1000 + i``: header, title, two "Căn cứ" lines
    citing shared decisions (one plan in eight with a wrong day), tasks, signer, recipients.

    >>> make_document(3, seed=1)[0]
    'Kế hoạch 1003-KH-TU.txt'
    """
    rng = random.Random(seed * 100_003 + i)
    number = f"{1000 + i}-KH/TU"
    day, month = rng.randint(1, 28), rng.randint(3, 11)
    subject = rng.choice(SUBJECTS)
    cites = rng.sample(SHARED, 2)
    lines = ["TỈNH ỦY ĐIỆN BIÊN", "*", f"Số {number}", "", "ĐẢNG CỘNG SẢN VIỆT NAM"]
    lines += [f"Điện Biên, ngày {day} tháng {month:02d} năm 2026", "", "KẾ HOẠCH"]
    lines += [f"thực hiện {subject} năm 2026 (đợt {i})", ""]
    for k, (num, d, m, about) in enumerate(cites):
        if k == 0 and i % 8 == 5:
            d = d % 28 + 1  # a wrong day: a date_mismatch for the checks
        word = {"QĐ": "Quyết định", "NQ": "Nghị quyết", "KH": "Kế hoạch"}[num.split("-")[1][:2]]
        end = ";" if k == 0 else ","
        lines.append(
            f"- Căn cứ {word} số {num} ngày {d:02d}/{m:02d}/2026 của Ban Thường vụ Tỉnh ủy "
            f"về {about}{end}"
        )
    lines += ["", "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:", "", "I. NHIỆM VỤ"]
    lines += [
        f"1. Ban Tuyên giáo Tỉnh ủy chủ trì triển khai {subject}. Thời gian: quý {rng.randint(2, 4)} năm 2026.",
        "2. Văn phòng Tỉnh ủy theo dõi, tổng hợp, báo cáo kết quả thực hiện.",
        "",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "",
        rng.choice(SIGNERS),
        "",
        "Nơi nhận:",
        "- Các đảng ủy trực thuộc Tỉnh ủy;",
        "- Lưu Văn phòng Tỉnh ủy.",
    ]
    return f"Kế hoạch {number.replace('/', '-')}.txt", "\n".join(lines) + "\n"


def write_documents(folder: Path, start: int, count: int, *, seed: int = 0) -> list[Path]:
    """Write documents ``start … start+count-1`` into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + count):
        name, text = make_document(i, seed=seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


# -- 1. one worker against two ------------------------------------------------------------
def _throughput(cluster: LocalCluster, pg: str, n_files: int, n_workers: int) -> dict[str, Any]:
    tag = f"w{n_workers}_{uuid.uuid4().hex[:6]}"
    store = create_database(pg, tag)
    inbox, out = cluster.root / tag / "inbox", cluster.root / tag / "out"
    out.mkdir(parents=True)
    names = [f"{tag}{i}" for i in range(n_workers)]
    for name in names:
        cluster.add_worker(name, VANBAN_STORE=store)
    time.sleep(3)  # the workers poll the pool once a second
    write_documents(inbox, 0, n_files, seed=11)
    t0 = time.perf_counter()
    runs = [cluster.run(inbox=str(inbox), out=str(out), settle_seconds=0.2) for _ in names]
    states = cluster.wait(runs, timeout=900)
    elapsed = time.perf_counter() - t0
    for name in names:
        cluster.kill_worker(name)
    archived = sum(1 for p in (out / "archive").rglob("*") if p.is_file())
    return {"workers": n_workers, "seconds": elapsed, "archived": archived, "states": states}


def _empty_run(cluster: LocalCluster, pg: str) -> float:
    """Seconds from creating a flow run to its completion with nothing to do."""
    store = create_database(pg, f"empty_{uuid.uuid4().hex[:6]}")
    cluster.add_worker("empty", VANBAN_STORE=store)
    time.sleep(3)
    t0 = time.perf_counter()
    cluster.wait([cluster.run(settle_seconds=0.0)])
    elapsed = time.perf_counter() - t0
    cluster.kill_worker("empty")
    return elapsed


# -- 2. vanban check on generated documents -------------------------------------------------
DAYS = [
    f"{y}-{m:02d}-{d:02d}" for y in range(2016, 2027) for m in range(1, 13) for d in range(1, 29)
]


def generate_documents(n: int, seed: int = 7) -> Iterator[Any]:
    """``n`` Party documents, 200 committees, ten citations each, 0.2% wrong days."""
    from vanban.models.document import Citation, DocNumber, Document, SourceInfo

    rng = random.Random(seed)
    types = (("QĐ", "Quyết định"), ("KH", "Kế hoạch"), ("NQ", "Nghị quyết"), ("CT", "Chỉ thị"))
    serials: dict[str, int] = {}
    pool: list[tuple[str, str, str, str, str, str]] = []  # number, date, word, tc, code, issuer
    for i in range(n):
        k = int(rng.paretovariate(1.2)) % 200
        code, issuer = f"TU{k}", f"Ban Thường vụ Tỉnh ủy số {k}"
        tc, word = rng.choice(types)
        serial = serials[code] = serials.get(code, 0) + 1
        number = f"{serial}-{tc}/{code}"
        date = DAYS[len(DAYS) * i // n]  # never before a document it may cite
        cites = []
        for _ in range(10 if pool else 0):
            num, cdate, cword, ctc, ccode, cissuer = pool[
                -1 - int(rng.expovariate(1 / 2000)) % len(pool)
            ]
            if rng.random() < 0.002:
                cdate = cdate[:8] + f"{int(cdate[8:]) % 27 + 1:02d}"
            cites.append(
                Citation(
                    raw=f"{cword} số {num} ngày {cdate[8:]}/{cdate[5:7]}/{cdate[:4]} của {cissuer}",
                    doc_type=cword,
                    number=num,
                    type_code=ctc,
                    issuer_code=ccode,
                    date=cdate,
                    issuer=cissuer,
                    verb="Căn cứ",
                )  # fmt: skip
            )
        sha = f"{i:016x}" + uuid.UUID(int=rng.getrandbits(128)).hex * 2
        yield Document(
            extractor_version="bench",
            source=SourceInfo(filename=f"doc{i:06d}.txt", sha256=sha[:64], format="txt", pages=1, ocr=False),
            doc_type=word,
            number=DocNumber(raw=f"Số {number}", canonical=number, serial=str(serial),
                             type_code=tc, issuer_code=code, system="party", grammar="party"),
            date=date,
            title=f"{word} về nội dung số {i}",
            legal_basis=cites,
        )  # fmt: skip
        pool.append((number, date, word, tc, code, issuer))


def load_documents(store: Any, n: int, chunk: int = 1000) -> float:
    """Put ``generate_documents(n)`` into ``store`` (1,000 a ``put_many`` where offered);
    seconds."""
    t0 = time.perf_counter()
    batch: list[Any] = []
    for doc in generate_documents(n):
        batch.append((doc, doc.source.filename, f"archive/{doc.source.sha256}.txt", "bench", None))
        if len(batch) == chunk:
            _put(store, batch)
            batch = []
    _put(store, batch)
    return time.perf_counter() - t0


def _put(store: Any, batch: list[Any]) -> None:
    if hasattr(store, "put_many"):
        store.put_many(batch)
        return
    for doc, name, archive, version, json_path in batch:
        store.put(doc, original_name=name, archive_path=archive, extractor_version=version,
                  json_path=json_path)  # fmt: skip


def open_bench_store(target: str) -> Any:
    """A store from a bench target: ``postgresql://…`` or a SQLite path."""
    from vanban.store.postgres import PostgresStore, is_postgres_url
    from vanban.store.sqlite import SQLiteStore

    return PostgresStore(target) if is_postgres_url(target) else SQLiteStore(Path(target))


def _rss_mib() -> float:
    """This process's resident memory now (VmRSS), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_check(target: str, mode: str) -> dict[str, Any]:
    """One whole-corpus check in this process: ``mode`` "old" (``check_documents`` over
    every stored document, in memory), "new" (``check_all``: the ``mentions`` rows grouped
    by indexed queries) or "rebuild" (``check_all`` after every document's mention rows
    were marked stale: the lazy rebuild of a store older than migration 3). Wall time; peak RSS (ru_maxrss) and its
    growth over the RSS just before the check; the findings' count and digest."""
    import hashlib
    import json
    import resource

    from vanban.checks.incremental import check_all, check_documents

    store = open_bench_store(target)
    if mode == "rebuild":
        store._db.execute("UPDATE documents SET mentions_version = NULL")
        if hasattr(store._db, "commit"):
            store._db.commit()
    before = _rss_mib()
    t0 = time.perf_counter()
    if mode == "keyed":
        findings = check_by_key_chunks(store)
    elif mode == "old":
        findings = check_documents(store.iter_documents())
    else:
        findings = check_all(store)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    dumped = json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False)
    return {
        "seconds": round(seconds, 1),
        "rss_before_mib": round(before),
        "peak_mib": round(peak),
        "peak_growth_mib": round(max(0.0, peak - before)),
        "findings": len(findings),
        "digest": hashlib.sha256(dumped.encode()).hexdigest()[:16],
    }


def check_by_key_chunks(store: Any, budget: int = 50_000) -> list[Any]:
    """The alternative ``check_all`` designs were compared against (mode "keyed"): keys
    from ``store.shared_keys(1)`` in chunks of at most ``budget`` (key, document) pairs,
    each chunk's documents fetched with ``documents_for_keys`` and checked on those keys;
    the per-document rules on one more pass. Same findings; every document is parsed
    once per chunk holding one of its keys."""
    from vanban.checks.incremental import finding_order, unique_names
    from vanban.checks.per_document import check_document_mentions
    from vanban.checks.records import Corpus
    from vanban.checks.run import run_checks

    names = unique_names(store.duplicate_names())
    findings: list[Any] = []
    corpus = Corpus()
    for doc in store.iter_documents():
        corpus.add(doc, names.get(doc.source.sha256))
        if len(corpus.docs) == 500:
            findings += check_document_mentions(corpus.mentions, corpus.docs)
            corpus = Corpus()
    findings += check_document_mentions(corpus.mentions, corpus.docs)

    def run(chunk: set[str]) -> None:
        part = Corpus()
        for doc in store.documents_for_keys(chunk):
            part.add(doc, names.get(doc.source.sha256))
        findings.extend(run_checks(part, only_keys=chunk, only_docs=set()))

    chunk: set[str] = set()
    size = 0
    for key, n in store.shared_keys(1):
        if chunk and size + n > budget:
            run(chunk)
            chunk, size = set(), 0
        chunk.add(key)
        size += n
    if chunk:
        run(chunk)
    findings.sort(key=finding_order)
    return findings


def check_in_subprocess(target: str, mode: str) -> dict[str, Any]:
    """:func:`measure_check` in a fresh interpreter (its own ru_maxrss)."""
    import json

    code = (
        "import json, bench.scaleout_bench as b; "
        f"print(json.dumps(b.measure_check({target!r}, {mode!r})))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _batch_check(store: Any, n: int) -> float:
    """``check_batch`` of the last 100 documents against the full store (the flow's check)."""
    from vanban.checks.incremental import check_batch

    docs = list(deque(generate_documents(n), maxlen=100))
    t0 = time.perf_counter()
    check_batch(store, docs)
    return time.perf_counter() - t0


def _store_section(pg: str, n: int, work: Path) -> list[str]:
    lines = [
        f"vanban check on {n:,} generated documents (10 citations each); whole-corpus check "
        "old = in memory (check_documents over every document), new = check_all (indexed "
        "queries on the mentions rows), rebuild = check_all after marking every document's "
        "mention rows stale (an upgraded store); each in its own process, memory = peak RSS "
        "growth during the check:"
    ]
    lines.append(
        f"  {'store':<11}{'load s':>8}{'docs/s':>7}{'old s':>8}{'old MiB':>9}"
        f"{'new s':>8}{'new MiB':>9}{'rebuild s':>10}{'MiB':>6}{'batch of 100 s':>16}"
        f"{'size MiB':>10}"
    )
    digests = {}
    pg_url = create_database(pg, f"checks_{uuid.uuid4().hex[:6]}")
    for label, target in (("SQLite", str(work / "bench.sqlite")), ("PostgreSQL", pg_url)):
        store = open_bench_store(target)
        try:
            load = load_documents(store, n)
            batch = _batch_check(store, n)
        finally:
            store.close()
        old, new = check_in_subprocess(target, "old"), check_in_subprocess(target, "new")
        size = _size_mib(label, work / "bench.sqlite", pg_url)
        again = check_in_subprocess(target, "rebuild")
        digests[label] = (old["digest"], new["digest"], again["digest"], new["findings"])
        lines.append(
            f"  {label:<11}{load:>8.1f}{n / load:>7.0f}{old['seconds']:>8.1f}"
            f"{old['peak_growth_mib']:>9.0f}{new['seconds']:>8.1f}{new['peak_growth_mib']:>9.0f}"
            f"{again['seconds']:>10.1f}{again['peak_growth_mib']:>6.0f}"
            f"{batch:>16.2f}{size:>10.0f}"
        )
    same = len({d for v in digests.values() for d in v[:3]}) == 1
    lines.append(f"  findings: {digests['SQLite'][3]} (identical old/new on both stores: {same})")
    return lines


def _size_mib(label: str, sqlite_path: Path, pg_url: str) -> float:
    if label == "SQLite":
        return sum(p.stat().st_size for p in sqlite_path.parent.glob("bench.sqlite*")) / 2**20
    import psycopg

    with psycopg.connect(pg_url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return float(row[0]) / 2**20 if row else 0.0


def run(quick: bool = False) -> str:
    """The report: workers 1 vs 2 on one batch, then check_all on PostgreSQL vs SQLite."""
    n_files = 40 if quick else 200
    n_docs = 10_000 if quick else 100_000
    root = Path(tempfile.mkdtemp(prefix="vanban-scaleout-bench-"))
    pg_dir = Path(tempfile.mkdtemp(prefix="vanban-pg-"))  # under /tmp: reachable by "postgres"
    lines = [f"scale-out{' (quick)' if quick else ''}: {os.cpu_count()} cores"]
    try:
        try:
            pg = start_postgres(pg_dir)
        except RuntimeError as exc:
            return f"(skipped: {exc})"
        prefect_db = create_database(pg, "prefect").replace("postgresql:", "postgresql+asyncpg:")
        with local_cluster(root / "cluster", prefect_db) as cluster:
            idle = _empty_run(cluster, pg)
            rows = [_throughput(cluster, pg, n_files, w) for w in (1, 2)]
        lines.append(f"flow run with an empty inbox (start-up + scan + end): {idle:.1f} s")
        lines.append(
            f"batch of {n_files} generated plans (text), each worker a process work-pool worker:"
        )
        for r in rows:
            lines.append(
                f"  {r['workers']} worker(s): {r['seconds']:6.1f} s  "
                f"{r['archived'] / r['seconds']:5.1f} files/s  archived {r['archived']}  {r['states']}"
            )
        lines.append(
            f"  two workers / one worker time: {rows[1]['seconds'] / rows[0]['seconds']:.2f}"
        )
        lines += _store_section(pg, n_docs, root)
    finally:
        subprocess.run(["bash", str(START_PG), "--stop", str(pg_dir)], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(pg_dir, ignore_errors=True)
    return "\n".join(lines)


def run_checks_only(n: int) -> str:
    """Part 2 alone: the store section on ``n`` documents (a PostgreSQL of its own)."""
    root = Path(tempfile.mkdtemp(prefix="vanban-scaleout-bench-"))
    pg_dir = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    try:
        try:
            pg = start_postgres(pg_dir)
        except RuntimeError as exc:
            return f"(skipped: {exc})"
        return "\n".join(_store_section(pg, n, root))
    finally:
        subprocess.run(["bash", str(START_PG), "--stop", str(pg_dir)], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(pg_dir, ignore_errors=True)


if __name__ == "__main__":
    if "--checks" in sys.argv:
        rest = sys.argv[sys.argv.index("--checks") + 1 :]
        print(run_checks_only(int(rest[0]) if rest else 100_000))
    else:
        print(run(quick="--quick" in sys.argv))
