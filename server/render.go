package server

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// pageData wraps every page: who is looking, the navigation they get, a
// one-time flash message, and the page's own data.
type pageData struct {
	Title       string
	User        *models.User
	Actor       policy.Actor
	Acting      *models.Membership
	Memberships []models.Membership
	Nav         []navItem
	Flash       string
	FormToken   string
	Path        string
	Version     string
	TileURL     string
	Basemap     bool // a self-hosted basemap is served at /maps/basemap.pmtiles
	// The header's search box and unread count, for those who
	// search people and receive notifications.
	CanSearch bool
	Unread    int64
	Reminders int64 // tasks due today or overdue, counted in Unread
	// UnreadNotices is Unread without the reminders.
	UnreadNotices int64
	Data          any
}

type navItem struct {
	Label, Href string
	Active      bool
}

// baseFuncs are the template functions every page uses; templateFuncs
// adds each feature's own.
var baseFuncs = template.FuncMap{
	"date": func(v any) string {
		switch t := v.(type) {
		case time.Time:
			if t.IsZero() {
				return ""
			}
			return t.In(london).Format("2 Jan 2006")
		case *time.Time:
			if t == nil {
				return ""
			}
			return t.In(london).Format("2 Jan 2006")
		case models.Time:
			return t.In(london).Format("2 Jan 2006")
		case *models.Time:
			if t == nil {
				return ""
			}
			return t.In(london).Format("2 Jan 2006")
		case models.Date:
			return t.Shown() // "2 Jan 2006", or "March 1971" or "1971" when partial
		}
		return fmt.Sprint(v)
	},
	"datetime": func(v any) string {
		switch t := v.(type) {
		case time.Time:
			return t.In(london).Format("2 Jan 2006 15:04")
		case *time.Time:
			if t == nil {
				return ""
			}
			return t.In(london).Format("2 Jan 2006 15:04")
		case models.Time:
			return t.In(london).Format("2 Jan 2006 15:04")
		}
		return fmt.Sprint(v)
	},
	// splittable: a merge made this long ago can still be split.
	"splittable":   func(at time.Time) bool { return time.Since(at) < models.SplitWindow },
	"roleLabel":    func(r models.Role) string { return r.Label() },
	"typeLabel":    func(t models.ServiceType) string { return t.Label() },
	"typeLabelStr": func(t string) string { return models.ServiceType(t).Label() },
	"humanise":     func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"join":         strings.Join,
	"contains": func(list []int64, id int64) bool {
		for _, x := range list {
			if x == id {
				return true
			}
		}
		return false
	},
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"query": func(kv ...any) template.URL {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if s := fmt.Sprint(kv[i+1]); s != "" && s != "0" {
				v.Set(fmt.Sprint(kv[i]), s)
			}
		}
		return template.URL(v.Encode())
	},
	"add": func(a, b int) int { return a + b },
	"derefInt": func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	},
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"list": func(xs ...string) []string { return xs },
	// Labels, en-GB numbers and errors that name their field.
	"label":       label,
	"rag":         ragWord,
	"auditAction": auditActionLabel,
	"num":         num,
	"pct":         pct,
	"fieldError":  fieldError,
	"fieldName":   fieldLabel,
}

// london is the area's zone, app.Zone: pages show times as the reports
// count them.
var london = app.Zone

// templateFuncs is baseFuncs with each feature's functions added, built
// afresh for each parse so no package state changes.
func templateFuncs() template.FuncMap {
	fm := template.FuncMap{}
	for k, v := range baseFuncs {
		fm[k] = v
	}
	for _, add := range []func(template.FuncMap){addPlacementFuncs, addReviewFuncs, addStreetContactFuncs, addTokenFuncs} {
		add(fm)
	}
	return fm
}

// parsePages builds one template per page: the layout plus the page.
func parsePages() (map[string]*template.Template, error) {
	// partials.html and every partials_*.html (one per feature) are shared
	// by all pages.
	base, err := template.New("layout.html").Funcs(templateFuncs()).ParseFS(templateFS, "templates/layout.html", "templates/partials*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "partials") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// html renders a page inside the layout. A request from htmx asking for a
// fragment gets only the page's "fragment" template when it has one.
func (s *Server) html(c *gin.Context, status int, page string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.log.Error("missing template", "page", page)
		c.String(http.StatusInternalServerError, "missing template")
		return
	}
	w := whoOf(c)
	pd := pageData{User: w.user, Actor: w.actor, Acting: w.acting, Memberships: w.memberships,
		Path: c.Request.URL.Path, Version: s.cfg.Version, TileURL: s.cfg.TileURL, Basemap: s.cfg.Basemap != "", Data: data}
	if w.user != nil {
		pd.Flash = s.sessions.PopString(c.Request.Context(), "flash")
		pd.Nav = s.nav(c, w)
		pd.CanSearch = policy.Can(w.actor, policy.Search, policy.ResourcePerson)
		if w.acting != nil && pd.CanSearch {
			var exclude []string
			if !policy.Can(w.actor, policy.Read, policy.ResourceBreakGlassNotice) {
				exclude = append(exclude, models.NoticeBreakGlass, models.NoticeHiddenLookup)
			}
			pd.Unread, _ = s.store.UnreadNotifications(c.Request.Context(), w.actor.ServiceID, exclude)
			pd.UnreadNotices = pd.Unread
			pd.Reminders = s.dueReminders(c, w.actor) // tasks.go: due today or overdue
			pd.Unread += pd.Reminders
		}
	}
	pd.FormToken = newFormToken()
	name := "layout.html"
	if c.GetHeader("HX-Request") == "true" && c.GetHeader("HX-Boosted") != "true" && t.Lookup("fragment") != nil {
		name = "fragment"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, pd); err != nil {
		s.log.Error("template failed", "page", page, "err", err.Error())
		c.String(http.StatusInternalServerError, "Gateway could not draw this page.")
		return
	}
	if s.rendered != nil {
		s.rendered(page)
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func newFormToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
