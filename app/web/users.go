package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
)

// requireAccountAdmin is the authorization of account management: only an
// administrator may list, add, disable or reset users and issue or revoke
// API tokens.
func requireAccountAdmin(u *models.User) error {
	if u == nil || u.Role != models.RoleAdmin || u.Disabled {
		return models.Errorf(models.EFORBIDDEN, "仅管理员可以管理用户和 API 令牌")
	}
	return nil
}

// userRoutes mounts the users page (/admin/users) and its forms.
func (s *Server) userRoutes(admin func(string, handlerFunc)) {
	admin("GET /admin/users", s.usersPage)
	admin("POST /admin/users", s.addUserForm)
	admin("POST /admin/users/{id}/disable", s.setDisabledForm(true))
	admin("POST /admin/users/{id}/enable", s.setDisabledForm(false))
	admin("POST /admin/users/{id}/password", s.resetPasswordForm)
	admin("POST /admin/users/{id}/tokens", s.createTokenForm)
	admin("POST /admin/tokens/{id}/revoke", s.revokeTokenForm)
}

// usersData is the users page.
type usersData struct {
	page
	Users  []models.User
	Tokens []models.APITokenRow
	Depts  []Department
	Street []models.Street
	// Notice reports what a form did; Secret is a password or token shown
	// this once, for NoticeFor.
	Notice, Secret, NoticeFor string
	Error                     string
	Form                      userForm
	now                       time.Time
}

// Expired reports whether a live token has passed its expiry.
func (d *usersData) Expired(t models.APITokenRow) bool {
	return t.ExpiresAt != nil && !d.now.Before(*t.ExpiresAt)
}

// userForm is the add-user form.
type userForm struct {
	Username string
	Name     string
	Role     string
	Scope    string
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, &usersData{})
}

// renderUsers shows the users page with what a form left in d.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, d *usersData) error {
	if err := requireAccountAdmin(userFrom(r.Context())); err != nil {
		return err
	}
	var err error
	if d.Users, err = s.store.ListUsers(r.Context()); err != nil {
		return err
	}
	if d.Tokens, err = s.store.ListAPITokens(r.Context(), 0); err != nil {
		return err
	}
	d.page, d.now = page{Title: "用户管理", Nav: "users"}, s.now()
	d.Depts, d.Street = s.depts, s.district.Streets
	s.render(w, r, status, "users", d)
	return nil
}

// auditActor names the signed-in admin in the audit log.
func auditActor(r *http.Request) string { return userFrom(r.Context()).Username }

func (s *Server) addUserForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccountAdmin(userFrom(r.Context())); err != nil {
		return err
	}
	f := userForm{Username: strings.TrimSpace(r.PostFormValue("username")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role"), Scope: strings.TrimSpace(r.PostFormValue("scope"))}
	if f.Role == models.RoleAdmin {
		f.Scope = ""
	}
	u := &models.User{Username: f.Username, Name: f.Name, Role: f.Role, Scope: f.Scope}
	password := RandomPassword(16)
	err := models.ValidateUser(u, ScopeChecker(s.depts, s.district))
	if err == nil {
		err = u.SetPassword(password)
	}
	if err == nil {
		err = s.store.CreateUser(r.Context(), u, auditActor(r))
	}
	if err != nil {
		return s.formFailed(w, r, err, &usersData{Form: f})
	}
	return s.renderUsers(w, r, http.StatusOK, &usersData{Notice: "已添加用户，请将初始密码告知本人，登录后妥善保管：", Secret: password, NoticeFor: u.Username})
}

// formFailed shows a refused form's message on the page; an unexpected
// error goes to Error.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, d *usersData) error {
	code := models.ErrorCode(err)
	if code == models.EINTERNAL {
		return err
	}
	d.Error = models.ErrorMessage(err)
	return s.renderUsers(w, r, statusOf[code], d)
}

func (s *Server) setDisabledForm(disabled bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		me := userFrom(r.Context())
		if err := requireAccountAdmin(me); err != nil {
			return err
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return models.Errorf(models.ENOTFOUND, "未找到该用户")
		}
		if disabled && id == me.ID {
			return s.formFailed(w, r, models.Errorf(models.EINVALID, "不能停用自己的账号"), &usersData{})
		}
		if err := s.store.SetUserDisabled(r.Context(), id, disabled, auditActor(r)); err != nil {
			return s.formFailed(w, r, err, &usersData{})
		}
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) resetPasswordForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccountAdmin(userFrom(r.Context())); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return models.Errorf(models.ENOTFOUND, "未找到该用户")
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return s.formFailed(w, r, err, &usersData{})
	}
	password := RandomPassword(16)
	if err := u.SetPassword(password); err != nil {
		return err
	}
	if err := s.store.SetUserPassword(r.Context(), id, u.PasswordHash, auditActor(r)); err != nil {
		return s.formFailed(w, r, err, &usersData{})
	}
	return s.renderUsers(w, r, http.StatusOK, &usersData{Notice: "密码已重置，原有登录已失效。一次性密码（仅显示这一次）：", Secret: password, NoticeFor: u.Username})
}

func (s *Server) createTokenForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccountAdmin(userFrom(r.Context())); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return models.Errorf(models.ENOTFOUND, "未找到该用户")
	}
	label := strings.TrimSpace(r.PostFormValue("label"))
	if len([]rune(label)) > 64 {
		return s.formFailed(w, r, models.Errorf(models.EINVALID, "令牌用途不超过64个字符"), &usersData{})
	}
	expires, err := models.ParseTokenExpiry(r.PostFormValue("expires"), s.now(), s.loc)
	if err != nil {
		return s.formFailed(w, r, err, &usersData{})
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return s.formFailed(w, r, err, &usersData{})
	}
	token, err := s.store.IssueAPIToken(r.Context(), id, label, expires, auditActor(r))
	if err != nil {
		return s.formFailed(w, r, err, &usersData{})
	}
	return s.renderUsers(w, r, http.StatusOK, &usersData{Notice: "已签发 API 令牌（仅显示这一次，请以 Authorization: Bearer 令牌 调用接口）：", Secret: token, NoticeFor: u.Username})
}

func (s *Server) revokeTokenForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccountAdmin(userFrom(r.Context())); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return models.Errorf(models.ENOTFOUND, "未找到 API 令牌")
	}
	if err := s.store.RevokeAPIToken(r.Context(), id, auditActor(r)); err != nil {
		return s.formFailed(w, r, err, &usersData{})
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

// ScopeName names a user's scope: its department or street, "全区" for an
// admin.
func (d *usersData) ScopeName(u models.User) string {
	switch u.Role {
	case models.RoleDepartment:
		for _, x := range d.Depts {
			if x.Code == u.Scope {
				return x.Name
			}
		}
	case models.RoleStreet:
		for _, st := range d.Street {
			if st.Code == u.Scope {
				return st.Name
			}
		}
	case models.RoleAdmin:
		return "全区"
	}
	return u.Scope
}
