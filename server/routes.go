package server

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// routes registers routeTable with gin. The groups give each door its
// middleware, in this order: authentication for everything but the
// health checks, the "api" flag before it on /api/v1, then the login.
// The web pages and /api/v1 share handlers: bind, respond and fail pick
// HTML or JSON from the "api" flag.
func (s *Server) routes(r *gin.Engine) {
	anyWeb := r.Group("/", s.authenticate)
	anyAPI := r.Group("/api/v1", func(c *gin.Context) { c.Set("api", true) }, s.authenticate)
	page := anyWeb.Group("/", s.requireLogin)
	v1 := anyAPI.Group("/", s.requireLogin)
	admin := page.Group("/admin")
	groups := map[door][]*gin.RouterGroup{
		onEngine: {&r.RouterGroup}, webAnon: {anyWeb}, apiAnon: {anyAPI},
		web: {page}, api: {v1}, webAdmin: {admin},
		webAndAPI: {page, v1}, adminAndAPI: {admin, v1},
	}
	for _, rt := range s.routeTable() {
		for _, g := range groups[rt.door] {
			g.Handle(rt.method, rt.path, s.chain(rt)...)
		}
	}
	r.NoRoute(func(c *gin.Context) { c.Set("api", strings.HasPrefix(c.Request.URL.Path, "/api/")) }, s.authenticate, s.notFound)
}
