package web

import (
	"html/template"
	"net/url"
)

// pageURL returns base with the query q, after setting each key/value pair
// of set (an empty value removes the key). Every list page builds its
// paging, sorting and export links with it, so the filters a user chose
// survive the next page, a new order and the export. It returns a
// template.URL so that html/template keeps the separators of the query
// rather than escaping the whole query into one parameter.
func pageURL(base string, q url.Values, set ...string) template.URL {
	out := url.Values{}
	for k, vs := range q {
		for _, v := range vs {
			if v != "" {
				out.Add(k, v)
			}
		}
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			out.Del(set[i])
		} else {
			out.Set(set[i], set[i+1])
		}
	}
	if len(out) == 0 {
		return template.URL(base)
	}
	return template.URL(base + "?" + out.Encode())
}
