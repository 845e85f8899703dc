.PHONY: check test lint bench

check: lint test

lint:
	ruff check .
	mypy

test:
	pytest

bench:
	python bench/bench_check.py
	python bench/bench_rules.py
	python bench/bench_startup.py
