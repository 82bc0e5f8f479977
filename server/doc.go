// Package server is the only package that knows HTTP: the gin router, the
// handlers behind both front doors (HTML and /api/v1 JSON) and middleware.
package server
