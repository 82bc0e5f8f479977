package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type notesPage struct {
	Notes []models.CaseNote `json:"notes"`
	Pager Pager             `json:"pager"`
}

// listNotes is GET /api/v1/people/{id}/notes: only for services involved
// with the person; anyone else gets the same 404 as a missing person.
func (s *Server) listNotes(c *gin.Context) {
	limit, offset, n := page(c, 50)
	var total int64
	listRecord(s, c, models.AuditReadNotes, func(a policy.Actor, p *models.Person) (notes []models.CaseNote, err error) {
		notes, total, err = s.store.Notes(c.Request.Context(), policy.Notes(a), p.ID, limit, offset)
		return notes, err
	}, func(notes []models.CaseNote) any {
		return notesPage{Notes: notes, Pager: Pager{Page: n, Size: limit, Total: total}}
	})
}

// addNote appends a note (or an amendment of one) for the actor's service.
func (s *Server) addNote(c *gin.Context) {
	a, p, ok := s.personToAddTo(c, policy.ResourceNote, policy.Records, models.AuditAddNote)
	if !ok {
		return
	}
	var in models.NoteInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.createOnce(c, "Note added.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		n, err := tx.AddNote(c.Request.Context(), policy.Notes(a), a.Author(), p.ID, in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditAddNote, ObjectType: "person", ObjectID: &p.ID}
		return personURL(p.ID), n, nil
	}, func(err error) { s.backWithError(c, personURL(p.ID), err) })
}

// backWithError returns a web user to a page with the error as a flash
// message (for small inline forms); the API gets the JSON error.
func (s *Server) backWithError(c *gin.Context, to string, err error) {
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	if fe, ok := err.(models.FieldErrors); ok {
		for k, v := range fe {
			s.sessions.Put(c.Request.Context(), "flash", "Not saved: "+humanField(k)+" "+v+".")
			break
		}
		c.Redirect(http.StatusSeeOther, to)
		return
	}
	if ce, ok := err.(*models.ConflictError); ok {
		s.sessions.Put(c.Request.Context(), "flash", "Not saved: "+ce.Msg+".")
		c.Redirect(http.StatusSeeOther, to)
		return
	}
	s.fail(c, err)
}

func humanField(k string) string {
	switch k {
	case "body":
		return "the note"
	case "amends_id":
		return "the note being amended"
	}
	return "the " + k
}
