package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

type userListPage struct {
	Users []models.User `json:"users"`
	Pager Pager         `json:"pager"`
	Query string        `json:"-"`
}

// listUsers: area admins see everyone, org admins their organisation's users.
func (s *Server) listUsers(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	limit, offset, n := page(c, 50)
	users, total, err := s.store.Users(c.Request.Context(), models.UserFilter{OrganisationID: r.orgID, Query: c.Query("q"), Limit: limit, Offset: offset})
	if err != nil {
		s.fail(c, err)
		return
	}
	users = nonNil(users)
	s.respond(c, http.StatusOK, "admin_users", userListPage{Users: users, Pager: Pager{Page: n, Size: limit, Total: total}, Query: c.Query("q")})
}

// userToManage loads a user the caller administers: an org admin only
// reaches users with a membership at one of their organisation's services.
func (s *Server) userToManage(c *gin.Context) (adminReach, *models.User, []models.Membership, bool) {
	r, ok := s.requireReach(c)
	if !ok {
		return r, nil, nil, false
	}
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return r, nil, nil, false
	}
	ctx := c.Request.Context()
	u, err := s.store.User(ctx, id)
	if err != nil {
		s.fail(c, err)
		return r, nil, nil, false
	}
	ms, err := s.store.Memberships(ctx, id)
	if err != nil {
		s.fail(c, err)
		return r, nil, nil, false
	}
	if !r.all {
		mine := false
		for _, m := range ms {
			mine = mine || (m.Service != nil && m.Service.OrganisationID == r.orgID)
		}
		if !mine {
			s.notFound(c)
			return r, nil, nil, false
		}
	}
	return r, u, ms, true
}

type userPage struct {
	User        *models.User        `json:"user"`
	Memberships []models.Membership `json:"memberships"`
	Services    []models.Service    `json:"-"`
	Roles       []models.Role       `json:"-"`
	Errors      models.FieldErrors  `json:"-"`
}

func (s *Server) showUser(c *gin.Context) {
	r, u, ms, ok := s.userToManage(c)
	if !ok {
		return
	}
	svs, err := s.store.Services(c.Request.Context(), models.ServiceFilter{OrganisationIDs: r.orgIDs()})
	if err != nil {
		s.fail(c, err)
		return
	}
	ms = nonNil(ms)
	s.respond(c, http.StatusOK, "admin_user", userPage{User: u, Memberships: ms, Services: svs, Roles: r.rolesAssignable()})
}

type userForm struct {
	ID       int64
	Input    newUserInput
	Errors   models.FieldErrors
	Services []models.Service
	Roles    []models.Role
}

func (f userForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

// newUserInput creates a user and, in the same step, their first membership
// (an org admin's new user must belong to the organisation from the start).
type newUserInput struct {
	models.UserInput
	ServiceID int64       `json:"service_id"`
	Role      models.Role `json:"role"`
}

func (s *Server) userFormData(c *gin.Context, r adminReach, id int64, in newUserInput) userForm {
	svs, _ := s.store.Services(c.Request.Context(), models.ServiceFilter{OrganisationIDs: r.orgIDs()})
	return userForm{ID: id, Input: in, Services: svs, Roles: r.rolesAssignable()}
}

func (s *Server) newUserPage(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "admin_user_form", s.userFormData(c, r, 0, newUserInput{Role: models.RoleWorker}))
}

// checkMembershipReach: org admins give worker, manager and org admin roles
// at their own organisation's services only.
func (s *Server) checkMembershipReach(c *gin.Context, r adminReach, serviceID int64, role models.Role) error {
	sv, err := s.store.Service(c.Request.Context(), serviceID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !r.coversOrg(sv.OrganisationID)) {
		return models.Invalid("service_id", "choose one of the services you manage")
	}
	if err != nil {
		return err
	}
	for _, allowed := range r.rolesAssignable() {
		if allowed == role {
			return nil
		}
	}
	return models.Invalid("role", "you cannot give this role")
}

func (s *Server) createUser(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	var in newUserInput
	fail := func(err error) {
		in.Password = ""
		s.formFail(c, "admin_user_form", s.userFormData(c, r, 0, in), err)
	}
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	if in.ServiceID == 0 {
		fail(models.Invalid("service_id", "choose the service the user works for"))
		return
	}
	if err := s.checkMembershipReach(c, r, in.ServiceID, in.Role); err != nil {
		fail(err)
		return
	}
	if sv, err := s.store.Service(c.Request.Context(), in.ServiceID); err == nil {
		in.PasswordContext = []string{sv.Name} // the password must not be built on it
	}
	s.createOnce(c, "User added. Give them their password in person or by phone, never by email.",
		func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
			ctx := c.Request.Context()
			u, err := tx.CreateUser(ctx, in.UserInput)
			if err != nil {
				return "", nil, err
			}
			if _, err := tx.AddMembership(ctx, u.ID, in.ServiceID, in.Role); err != nil {
				return "", nil, err
			}
			*ev = models.AuditEvent{Action: models.AuditCreate, ObjectType: "user", ObjectID: &u.ID}
			return userAdminURL(u.ID), u, nil
		}, fail)
}

func (s *Server) editUserPage(c *gin.Context) {
	r, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	s.html(c, http.StatusOK, "admin_user_form", s.userFormData(c, r, u.ID, newUserInput{UserInput: models.UserInput{Email: u.Email, Name: u.Name}}))
}

func (s *Server) updateUser(c *gin.Context) {
	r, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	in := models.UserInput{Email: u.Email, Name: u.Name}
	fail := func(err error) {
		s.formFail(c, "admin_user_form", s.userFormData(c, r, u.ID, newUserInput{UserInput: in}), err)
	}
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.User, error) {
		return tx.UpdateUser(c.Request.Context(), u.ID, in)
	}, func(*models.User) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdate, ObjectType: "user", ObjectID: &u.ID}
	})
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, userAdminURL(u.ID), "User saved.", updated)
}

type membershipInput struct {
	ServiceID int64       `json:"service_id"`
	Role      models.Role `json:"role"`
}

func (s *Server) addMembership(c *gin.Context) {
	r, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	var in membershipInput
	back := userAdminURL(u.ID)
	if err := bind(c, &in); err != nil {
		s.backWithError(c, back, err)
		return
	}
	if err := s.checkMembershipReach(c, r, in.ServiceID, in.Role); err != nil {
		s.backWithError(c, back, err)
		return
	}
	m, err := writeAudited(s, c, func(tx *models.Store) (*models.Membership, error) {
		return tx.AddMembership(c.Request.Context(), u.ID, in.ServiceID, in.Role)
	}, func(*models.Membership) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditAddMembership, ObjectType: "user", ObjectID: &u.ID}
	})
	if err != nil {
		s.backWithError(c, back, err)
		return
	}
	s.done(c, http.StatusCreated, back, "Role added.", m)
}

func (s *Server) removeMembership(c *gin.Context) {
	r, ok := s.requireReach(c)
	if !ok {
		return
	}
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	m, err := s.store.Membership(ctx, id)
	if err != nil || m.Service == nil || !r.coversOrg(m.Service.OrganisationID) {
		s.notFound(c)
		return
	}
	s.auditedDone(c, userAdminURL(m.UserID), "Role removed.", removedMembership{Removed: id}, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditRemoveMembership, ObjectType: "user", ObjectID: &m.UserID}, tx.RemoveMembership(ctx, id)
	})
}

func (s *Server) disableUser(c *gin.Context) {
	_, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	if w := whoOf(c); w.user.ID == u.ID {
		s.backWithError(c, userAdminURL(u.ID), models.Invalid("user", "you cannot disable yourself"))
		return
	}
	s.auditedDone(c, userAdminURL(u.ID), "User disabled; their sessions and tokens have ended.", accountState{Disabled: true}, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditDisable, ObjectType: "user", ObjectID: &u.ID}, tx.DisableUser(c.Request.Context(), u.ID)
	})
}

func (s *Server) enableUser(c *gin.Context) {
	_, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	s.auditedDone(c, userAdminURL(u.ID), "User enabled.", accountState{Disabled: false}, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditEnable, ObjectType: "user", ObjectID: &u.ID}, tx.EnableUser(c.Request.Context(), u.ID)
	})
}

type passwordInput struct {
	Password string `json:"password"`
}

func (s *Server) setUserPassword(c *gin.Context) {
	_, u, _, ok := s.userToManage(c)
	if !ok {
		return
	}
	var in passwordInput
	back := userAdminURL(u.ID)
	if err := bind(c, &in); err != nil {
		s.backWithError(c, back, err)
		return
	}
	if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditSetPassword, ObjectType: "user", ObjectID: &u.ID}, tx.SetPassword(c.Request.Context(), u.ID, in.Password)
	}); err != nil {
		s.backWithError(c, back, err)
		return
	}
	s.done(c, http.StatusOK, back, "Password changed; the user's sessions and tokens have ended.", gin.H{"ok": true})
}

// removedMembership answers DELETE /api/v1/memberships/{id}.
type removedMembership struct {
	Removed int64 `json:"removed" doc:"the membership's id"`
}

// accountState answers disabling or enabling an account.
type accountState struct {
	Disabled bool `json:"disabled"`
}
