package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// Data protection duties: erasure on request and retention periods
// (subject_access.go answers subject access requests, a confidential
// service's own part included). docs/DATA-PROTECTION.md describes them
// for the DPO.

type erasurePage struct {
	Person   identity            `json:"-"`
	OpenWork bool                `json:"open_work"`
	Services []models.Service    `json:"-"`
	Errors   models.FieldErrors  `json:"-"`
	In       models.ErasureInput `json:"-"`
}

func (p erasurePage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

func (s *Server) erasureData(c *gin.Context, a policy.Actor, p *models.Person) (erasurePage, error) {
	ctx := c.Request.Context()
	known, err := s.store.KnownToList(ctx, policy.Involvements(a), p.ID)
	if err != nil {
		return erasurePage{}, err
	}
	pg := erasurePage{Person: identityOf(p, known)}
	if pg.OpenWork, err = s.store.HasOpenWork(ctx, p.ID); err != nil {
		return pg, err
	}
	all, err := s.store.Services(ctx, models.ServiceFilter{})
	// A request made through a confidential service is recorded, but the
	// list offered to the area team names only the others (rule 4).
	for _, sv := range all {
		if !sv.Confidential {
			pg.Services = append(pg.Services, sv)
		}
	}
	return pg, err
}

// erasureForm is the page from which an area admin erases a person.
func (s *Server) erasureForm(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPerson(c, policy.Erasable(a), models.AuditErasure)
	if !ok {
		return
	}
	showAudited(s, c, "erasure", models.AuditRead, "person", p.ID, func() (erasurePage, error) {
		return s.erasureData(c, a, p)
	})
}

// erasePerson is POST /people/:id/erasure. A merged-away record is
// refused by name, an unknown or hidden one answers the one 404.
func (s *Server) erasePerson(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.pathIDAudited(c, models.AuditErasure, "person")
	if !ok {
		return
	}
	var in models.ErasureInput
	fail := func(err error) {
		formFailReloaded(s, c, "erasure", err, func() (erasurePage, error) {
			p, perr := s.store.Person(c.Request.Context(), policy.Erasable(a), id)
			if perr != nil {
				return erasurePage{}, err // the person went: the write's own error
			}
			pg, perr := s.erasureData(c, a, p)
			pg.In = in
			return pg, perr
		})
	}
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	e, err := s.store.ErasePerson(c.Request.Context(), policy.Erasable(a), a.Author(), id, in)
	if errors.Is(err, models.ErrNotFound) {
		s.auditDenied(c, models.AuditErasure, "person", id, s.missReason(c, models.AuditErasure, id))
		s.notFound(c)
		return
	}
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, "/admin/retention", "Record #"+strconv.FormatInt(e.PersonID, 10)+" erased: identity and free text removed, counts kept.", e)
}

type retentionRow struct {
	models.RetentionType
	Days  int    `json:"days"`
	Due   int64  `json:"due_now"`
	Input string `json:"-"` // what the form shows: the saved days, or what was typed
}

type retentionPage struct {
	Current  models.RetentionVersion   `json:"current"`
	Rows     []retentionRow            `json:"types"`
	History  []models.RetentionVersion `json:"history"`
	Erasures []models.Erasure          `json:"erasures"`
	Errors   models.FieldErrors        `json:"-"`
	Reason   string                    `json:"-"`
}

func (p retentionPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

func (s *Server) retentionData(c *gin.Context) (retentionPage, error) {
	ctx := c.Request.Context()
	plan, cur, err := s.store.RetentionPlan(ctx, s.now())
	if err != nil {
		return retentionPage{}, err
	}
	pg := retentionPage{Current: cur}
	for _, t := range models.RetentionTypes {
		pg.Rows = append(pg.Rows, retentionRow{RetentionType: t, Days: cur.Periods[t.Key], Due: plan[t.Key], Input: strconv.Itoa(cur.Periods[t.Key])})
	}
	if pg.History, err = s.store.RetentionHistory(ctx); err != nil {
		return pg, err
	}
	pg.Erasures, err = s.store.Erasures(ctx, 50)
	return pg, err
}

// retention shows the periods in force, what is due now, their history
// and the erasures made.
func (s *Server) retention(c *gin.Context) {
	showPage(s, c, "retention", s.retentionData)
}

// saveRetention saves a new version of the periods. The API takes
// {"periods": {"street_contact": 730}, "reason": "..."}; the form one
// field per type, days_<type>.
func (s *Server) saveRetention(c *gin.Context) {
	a, _ := actorOf(c)
	var in models.RetentionInput
	typed := map[string]string{}
	if isAPI(c) {
		if !s.bound(c, &in) {
			return
		}
	} else {
		in.Reason = c.PostForm("reason")
		in.Periods = map[string]int{}
		bad := models.FieldErrors{}
		for _, t := range models.RetentionTypes {
			v := strings.TrimSpace(c.PostForm("days_" + t.Key))
			typed[t.Key] = v
			n, err := strconv.Atoi(v)
			if err != nil {
				bad.Add("periods."+t.Key, "must be a whole number of days")
				continue
			}
			in.Periods[t.Key] = n
		}
		if len(bad) > 0 {
			s.retentionFail(c, in, typed, bad)
			return
		}
	}
	v, err := s.store.SaveRetention(c.Request.Context(), a.Author(), in)
	if err != nil {
		s.retentionFail(c, in, typed, err)
		return
	}
	s.done(c, http.StatusOK, "/admin/retention", "Retention periods saved as version "+strconv.Itoa(v.Version)+".", v)
}

func (s *Server) retentionFail(c *gin.Context, in models.RetentionInput, typed map[string]string, err error) {
	formFailReloaded(s, c, "retention", err, func() (retentionPage, error) {
		pg, perr := s.retentionData(c)
		pg.Reason = in.Reason
		for i := range pg.Rows {
			if v, ok := typed[pg.Rows[i].Key]; ok {
				pg.Rows[i].Input = v
			}
		}
		return pg, perr
	})
}
