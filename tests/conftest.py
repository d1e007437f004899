pytest_plugins = ["tests.integration.lexoffice_env"]
