package bot

import (
	"selfcheck/models"
	"selfcheck/models/uscc"
)

// bindDraft is the 统一社会信用代码 typed before the code.
type bindDraft struct {
	USCC string `json:"uscc,omitempty"`
}

func (c *chat) user() *models.WechatUser {
	return &models.WechatUser{ID: c.st.UserID, OpenID: c.in.OpenID}
}

// boundFirm returns the firm the user speaks for, or nil.
func (c *chat) boundFirm() (*models.Enterprise, error) {
	es, err := c.boundFirms()
	if err != nil || len(es) == 0 {
		return nil, err
	}
	return &es[0], nil
}

func (c *chat) startBind() ([]Outbound, error) {
	e, err := c.boundFirm()
	if err != nil {
		return nil, err
	}
	if e != nil {
		return c.say("bind_already", "name", e.Name), nil
	}
	c.st.Flow, c.st.Step, c.st.Bind = flowBind, "uscc", &bindDraft{}
	return c.say("bind_ask_uscc"), nil
}

func (c *chat) stepBind() ([]Outbound, error) {
	text, ok := c.text()
	if c.st.Bind == nil {
		c.st.Bind = &bindDraft{}
	}
	if c.st.Step == "code" {
		if !ok || text == "" {
			return c.say("bind_ask_code"), nil
		}
		e, err := c.tx.RedeemBindCode(c.ctx, c.user(), c.st.Bind.USCC, text)
		if err != nil {
			if models.ErrorCode(err) == models.EFORBIDDEN {
				c.st.reset()
			}
			if models.ErrorCode(err) == models.EINTERNAL {
				return nil, err
			}
			return c.say("bind_failed", "reason", models.ErrorMessage(err)), nil
		}
		c.st.reset()
		return c.say("bind_ok", "name", e.Name), nil
	}
	if !ok {
		return c.say("bind_ask_uscc"), nil
	}
	code := uscc.Normalize(text)
	if err := uscc.Validate(code); err != nil {
		return c.say("bind_bad_uscc", "reason", err.Error()), nil
	}
	c.st.Bind.USCC, c.st.Step = code, "code"
	return c.say("bind_ask_code"), nil
}

// bindByScene binds through a firm's parametric QR code, whose scene is a
// one-time bind code.
func (c *chat) bindByScene(code string) ([]Outbound, error) {
	c.st.reset()
	e, err := c.tx.RedeemBindCode(c.ctx, c.user(), "", code)
	if err != nil {
		if models.ErrorCode(err) == models.EINTERNAL {
			return nil, err
		}
		return c.say("bind_failed", "reason", models.ErrorMessage(err)), nil
	}
	return c.say("bind_scan_ok", "name", e.Name), nil
}
