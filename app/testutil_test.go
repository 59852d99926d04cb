package main

import (
	"strings"

	"selfcheck/models"
)

// stringsBuilder is a strings.Builder that can find a line by its prefix.
type stringsBuilder struct{ strings.Builder }

func (b *stringsBuilder) firstLine(prefix string) string {
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// adminNamed is an administrator called name, the actor of workflow calls
// in tests that are not about authorization.
func adminNamed(name string) *models.User {
	return &models.User{Username: name, Role: models.RoleAdmin}
}
