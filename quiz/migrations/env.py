"""Alembic environment: migrate the connection that `quiz.storage.migrate` hands over, or a URL given in code."""

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import Connection

from quiz.storage import Base

config = context.config


def run_on(connection: Connection) -> None:
    """Run the pending migrations on an open connection, inside its transaction if it has one."""
    # Batch mode lets later migrations alter SQLite tables, which support little of ALTER TABLE.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Use the store's connection, so in-memory and temporary databases are migrated in place."""
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            run_on(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    """Write the migration SQL for `sqlalchemy.url`'s dialect instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=Base.metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
