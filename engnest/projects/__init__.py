"""Projects and teams (issue 14): first-class projects, members with roles, join requests and invitations, the
"Find a team" directory and a task board per project."""
