package bot

import (
	"strings"

	"selfcheck/models"
)

// registerDraft is the street picked before the community.
type registerDraft struct {
	Street string `json:"street,omitempty"`
}

// startRegister asks a citizen for the street (镇街) they live in; only the
// street and community are kept, no other personal data.
func (c *chat) startRegister() ([]Outbound, error) {
	d := c.b.cfg.District
	if d == nil {
		return c.say("register_unavailable"), nil
	}
	names := make([]string, len(d.Streets))
	for i, st := range d.Streets {
		names[i] = st.Name
	}
	c.st.Flow, c.st.Step, c.st.Register = flowRegister, "street", &registerDraft{}
	return c.say("register_ask_street", "list", numbered(names, len(names))), nil
}

// stepRegister takes a street, then a community, by number or name.
func (c *chat) stepRegister() ([]Outbound, error) {
	d := c.b.cfg.District
	r := c.st.Register
	if d == nil || r == nil {
		return c.startRegister()
	}
	text, _ := c.text()
	switch c.st.Step {
	case "street":
		st := pickStreet(d, text)
		if st == nil {
			return c.say("register_bad_choice"), nil
		}
		r.Street, c.st.Step = st.Code, "community"
		names := make([]string, len(st.Grids))
		for i, g := range st.Grids {
			names[i] = g.Name
		}
		return c.say("register_ask_community", "list", numbered(names, len(names))), nil
	case "community":
		st, _ := d.Street(r.Street)
		if st == nil {
			return c.startRegister()
		}
		var grid *models.Grid
		if n, ok := number(text, len(st.Grids)); ok {
			grid = &st.Grids[n-1]
		}
		for i := range st.Grids {
			if text != "" && (st.Grids[i].Name == text || strings.TrimSuffix(st.Grids[i].Name, "社区") == text) {
				grid = &st.Grids[i]
			}
		}
		if grid == nil {
			return c.say("register_bad_choice"), nil
		}
		if err := c.tx.SetWechatUserArea(c.ctx, c.st.UserID, st.Code, grid.Code); err != nil {
			return nil, err
		}
		c.st.reset()
		return c.say("register_done", "street", st.Name, "community", grid.Name), nil
	}
	return c.startRegister()
}

func pickStreet(d *models.District, text string) *models.Street {
	if n, ok := number(text, len(d.Streets)); ok {
		return &d.Streets[n-1]
	}
	for i := range d.Streets {
		name := d.Streets[i].Name
		if text != "" && (name == text || strings.TrimSuffix(strings.TrimSuffix(name, "街道"), "镇") == text) {
			return &d.Streets[i]
		}
	}
	return nil
}
