"""What an archive holds, printed the same way by backup, verify and restore."""


def describe(manifest: dict, pending_migrations: int = 0) -> str:
    files = manifest["files"]
    lines = [
        f"  tạo lúc / created at: {manifest['created_at']}  motcua {manifest['motcua_version']}",
        f"  cơ sở dữ liệu / database: {manifest['database']['vendor']} ({manifest['database']['size']} bytes)",
        f"  tệp / files: {len(files)} ({sum(f['size'] for f in files)} bytes)",
        "  số dòng / rows: " + ", ".join(f"{label.split('.')[-1]} {n}" for label, n in manifest["row_counts"].items()),
    ]
    if pending_migrations:
        lines.append(f"  còn {pending_migrations} migration chưa áp dụng: chạy `motcua migrate` / "
                     f"{pending_migrations} migrations to apply: run `motcua migrate`")
    return "\n".join(lines)
