package server

import (
	"regexp"

	"github.com/gin-gonic/gin"

	"gateway/policy"
)

// door is where a route is registered: which group, so which middleware
// runs before it (authentication, login, the "api" flag that makes bind,
// respond and fail answer JSON).
type door int

const (
	onEngine    door = iota // the engine itself: health checks, no session
	webAnon                 // pages anyone may open, signed in or not
	apiAnon                 // /api/v1 without a login: tokens, version, public alerts
	web                     // pages that need a login
	api                     // /api/v1 with a login
	webAdmin                // pages under /admin, with a login
	webAndAPI               // the same path as a page and under /api/v1
	adminAndAPI             // a page under /admin, and the same path under /api/v1
)

// apiDoors are the doors whose routes the OpenAPI document describes.
var apiDoors = map[door]bool{apiAnon: true, api: true, webAndAPI: true, adminAndAPI: true}

// guard is the coarse check a route makes before its handler; the zero
// guard (noGuard) makes none, leaving the record's rules to the handler.
type guard struct {
	kind guardKind
	res  policy.Resource
	act  policy.Action
}

type guardKind int

const (
	guardNone    guardKind = iota
	guardAllow             // s.allow: the role must have the permission (403)
	guardLimited           // s.limitedTo: a limited token must name it
	guardAlerts            // s.allowAlerts: outreach workers and alert routers
)

var (
	noGuard      = guard{}
	alertWorkers = guard{kind: guardAlerts}
)

func allow(res policy.Resource, act policy.Action) guard {
	return guard{kind: guardAllow, res: res, act: act}
}

func limitedTo(res policy.Resource, act policy.Action) guard {
	return guard{kind: guardLimited, res: res, act: act}
}

// route is one line of routeTable.
type route struct {
	door    door
	method  string
	path    string
	guard   guard
	handler gin.HandlerFunc
	api     *apiDoc // the OpenAPI description, for a route on an API door
}

// chain is the guard's middleware, if any, then the handler.
func (s *Server) chain(rt route) []gin.HandlerFunc {
	switch rt.guard.kind {
	case guardAllow:
		return []gin.HandlerFunc{s.allow(rt.guard.res, rt.guard.act), rt.handler}
	case guardLimited:
		return []gin.HandlerFunc{s.limitedTo(rt.guard.res, rt.guard.act), rt.handler}
	case guardAlerts:
		return []gin.HandlerFunc{s.allowAlerts, rt.handler}
	}
	return []gin.HandlerFunc{rt.handler}
}

var ginParam = regexp.MustCompile(`:(\w+)`)

// apiOps are the operations the OpenAPI document describes, read once from
// routeTable; the OpenAPI and contract tests walk them too.
var apiOps = apiOperations()

// apiOperations are the table's /api/v1 routes as the OpenAPI document
// lists them, paths written the OpenAPI way.
func apiOperations() []apiOp {
	var ops []apiOp
	for _, rt := range (*Server)(nil).routeTable() {
		if rt.api != nil {
			ops = append(ops, apiOp{Method: rt.method, Path: ginParam.ReplaceAllString(rt.path, "{$1}"), apiDoc: *rt.api})
		}
	}
	return ops
}
