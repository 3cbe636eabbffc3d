"""The operators' console (STANDARD 7, issue 21): sign-in, the quarter's board, a WKSBM's
uploads, set-asides, compiles from the archive, admin; plain pages that work without
JavaScript. `routes(console)` gives the routes to mount in the web app."""
