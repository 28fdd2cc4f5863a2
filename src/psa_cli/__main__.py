from psa_cli.cli.main import main

main()
