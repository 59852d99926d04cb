package main

import "strings"

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
