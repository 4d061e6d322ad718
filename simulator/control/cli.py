"""CLI parity for the control plane: accounts, journal, faults, snapshots, rules. Like the
rest of the CLI these work on the database file directly."""
from __future__ import annotations

import json
import time

import click

from ..core import faults as fault_store
from ..core import snapshots
from ..core.db import transaction
from ..core.errors import ControlError
from ..core.wire import format_iso_micro
from .sandbox import entry_to_wire


def register(main, open_sim, db_option, account_option, control_errors) -> None:
    """Add the control-plane command groups to the `dropsim` group. `open_sim(db)` opens the
    simulator on a database file; the options are the `dropsim` group's own."""
    for add in (_accounts, _journal, _faults, _snapshots, _rules):
        add(main, open_sim, db_option, account_option, control_errors)


def _accounts(main, sim_for, db_option, _account_option, control_errors) -> None:
    @main.group()
    def accounts() -> None:
        """Create, list and delete isolated sandbox accounts."""

    @accounts.command("create")
    @db_option
    @click.option("--name", default=None, help="Account id (default: generated).")
    @control_errors
    def accounts_create(db, name) -> None:
        """Create an account with fresh credentials for every vendor (prints JSON)."""
        click.echo(json.dumps(sim_for(db).create_account(name), indent=2))

    @accounts.command("list")
    @db_option
    def accounts_list(db) -> None:
        """List accounts and their credentials (JSON)."""
        click.echo(json.dumps(sim_for(db).list_accounts(), indent=2))

    @accounts.command("delete")
    @click.argument("account")
    @db_option
    @control_errors
    def accounts_delete(account, db) -> None:
        """Delete an account and everything it owns."""
        sim_for(db).delete_account(account)
        click.echo(f"Deleted {account}.")


def _journal(main, sim_for, db_option, account_option, control_errors) -> None:
    @main.command()
    @db_option
    @account_option
    @click.option("--vendor", default=None)
    @click.option("--limit", type=int, default=20, show_default=True)
    @click.option("--follow", "-f", is_flag=True, help="Keep printing new requests as they come.")
    @click.option("--json", "as_json", is_flag=True, help="Print each entry as JSON.")
    @control_errors
    def journal(db, account, vendor, limit, follow, as_json) -> None:
        """Print the account's latest vendor requests, oldest first."""
        sim = sim_for(db)
        sim.require_journal_filter(account, vendor)

        def show(entries):
            for entry in reversed(entries):
                if as_json:
                    click.echo(json.dumps(entry_to_wire(entry)))
                else:
                    rules = f"  rules={','.join(entry['rules'])}" if entry["rules"] else ""
                    fault = f"  fault={entry['fault']}" if entry["fault"] else ""
                    query = f"?{entry['query']}" if entry["query"] else ""
                    click.echo(f"{format_iso_micro(entry['real_us'])}  #{entry['id']:<6} "
                               f"{entry['status']} {entry['method']:<6} {entry['path']}{query}  "
                               f"{entry['duration_ms']:.1f} ms{rules}{fault}")
            return entries[0]["id"] if entries else None

        last = show(sim.journal.list(account, vendor=vendor, limit=limit))
        while follow:
            time.sleep(0.5)
            newest = show(sim.journal.list(account, vendor=vendor, after_id=last, limit=1000))
            last = newest or last


def _faults(main, sim_for, db_option, account_option, control_errors) -> None:
    @main.group()
    def faults() -> None:
        """Inject faults into an account's vendor calls."""

    @faults.command("add")
    @db_option
    @account_option
    @click.option("--vendor", required=True)
    @click.option("--preset", type=click.Choice(sorted(fault_store.PRESETS)), default=None)
    @click.option("--path", default="*", show_default=True, help="Glob below the vendor prefix.")
    @click.option("--method", default=None)
    @click.option("--status", type=int, default=None)
    @click.option("--delay-ms", type=int, default=None)
    @click.option("--probability", type=float, default=None)
    @click.option("--times", type=int, default=None, help="Expire after this many hits.")
    @click.option("--body", default=None, help="Response body (JSON or text).")
    @control_errors
    def faults_add(db, account, vendor, preset, path, method, status, delay_ms, probability,
                   times, body) -> None:
        """Add a fault; prints its id."""
        sim = sim_for(db)
        if body is not None:
            try:
                body = json.loads(body)
            except ValueError:
                pass  # a plain text body
        spec = {"vendor": vendor, "preset": preset, "path": path, "method": method,
                "status": status, "delay_ms": delay_ms, "probability": probability,
                "times": times, "body": body}
        sim.require_account(account)
        fault = fault_store.validate({k: v for k, v in spec.items() if v is not None},
                                     [v.name for v in sim.vendors],
                                     sim.settings["max_delay_ms"])
        with transaction(sim.db()) as conn:
            click.echo(fault_store.add(conn, account, fault))

    @faults.command("list")
    @db_option
    @account_option
    @control_errors
    def faults_list(db, account) -> None:
        """List the account's faults (JSON)."""
        sim = sim_for(db)
        sim.require_account(account)
        click.echo(json.dumps(fault_store.list_faults(sim.db(), account), indent=2))

    @faults.command("clear")
    @db_option
    @account_option
    @click.argument("fault_id", required=False)
    @control_errors
    def faults_clear(db, account, fault_id) -> None:
        """Remove one fault, or all of the account's faults."""
        sim = sim_for(db)
        sim.require_account(account)
        with transaction(sim.db()) as conn:
            removed = fault_store.remove(conn, account, fault_id)
        if fault_id is not None and not removed:
            raise ControlError(f"unknown fault '{fault_id}'", status=404)
        click.echo(f"Removed {removed} fault(s).")


def _snapshots(main, sim_for, db_option, _account_option, control_errors) -> None:
    @main.group()
    def snapshot() -> None:
        """Save and restore the whole database."""

    @snapshot.command("save")
    @click.argument("name")
    @db_option
    @click.option("--replace", is_flag=True, help="Overwrite a snapshot of that name.")
    @control_errors
    def snapshot_save(name, db, replace) -> None:
        """Save a snapshot."""
        snap = sim_for(db).save_snapshot(name, replace)
        click.echo(f"Saved {snap['name']} ({snap['bytes']} bytes).")

    @snapshot.command("restore")
    @click.argument("name")
    @db_option
    @control_errors
    def snapshot_restore(name, db) -> None:
        """Restore a snapshot."""
        sim_for(db).restore_snapshot(name)
        click.echo(f"Restored {name}.")

    @snapshot.command("delete")
    @click.argument("name")
    @db_option
    @control_errors
    def snapshot_delete(name, db) -> None:
        """Delete a snapshot."""
        sim_for(db).delete_snapshot(name)
        click.echo(f"Deleted {name}.")

    @snapshot.command("list")
    @db_option
    def snapshot_list(db) -> None:
        """List snapshots."""
        for snap in snapshots.list_snapshots(sim_for(db).options.path):
            click.echo(f"{snap['name']}\t{snap['bytes']} bytes\t{format_iso_micro(snap['saved_at_us'])}")


def _rules(main, sim_for, db_option, _account_option, _control_errors) -> None:
    @main.command()
    @db_option
    def rules(db) -> None:
        """List every sandbox rule and the vendor document it comes from."""
        for vendor in sim_for(db).vendors:
            for rule in vendor.rules:
                click.echo(f"{rule['id']}\n  when: {rule['trigger']}\n  then: {rule['effect']}\n"
                           f"  from: {rule['source']}")
