from ghprov.cli.main import run

run()
