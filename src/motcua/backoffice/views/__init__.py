"""Staff back office (nghiệp vụ): thin views over the dossier services."""
