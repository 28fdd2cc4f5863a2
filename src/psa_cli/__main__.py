from psa_cli.cli.quick import main

main()
