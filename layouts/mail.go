package layouts

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"text/template"

	"go.yaml.in/yaml/v3"
)

// MailText is the e-mail that carries one screen file, in its language
// (layouts/NAME/mail.yaml). Every field is a text/template over MailData.
type MailText struct {
	Subject     string `yaml:"subject"`
	Greeting    string `yaml:"greeting"`
	Intro       string `yaml:"intro"`      // before the contents, with the PDF attached
	LinkIntro   string `yaml:"link_intro"` // the same when the message links to the PDF
	Open        string `yaml:"open"`       // the link's text
	Closing     string `yaml:"closing"`
	Why         string `yaml:"why"` // why the reader gets it
	Unsubscribe string `yaml:"unsubscribe"`
}

// MailData is what the templates of a MailText may use.
type MailData struct {
	Month, Year, Name, Org string
}

// Mail returns the e-mail texts of layout name, by language code (en, az,
// en-az), each template checked by running it once.
func Mail(name string) (map[string]MailText, error) {
	data, err := files.ReadFile(name + "/mail.yaml")
	if err != nil {
		return nil, fmt.Errorf("layout %s has no mail.yaml: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var out map[string]MailText
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("layout %s: mail.yaml: %w", name, err)
	}
	langs := make([]string, 0, len(out))
	for l := range out {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		t := out[l]
		for _, f := range []*string{&t.Subject, &t.Greeting, &t.Intro, &t.LinkIntro, &t.Open, &t.Closing, &t.Why, &t.Unsubscribe} {
			if strings.TrimSpace(*f) == "" {
				return nil, fmt.Errorf("layout %s: mail.yaml: %s: every text is required", name, l)
			}
			if _, err := Fill(*f, MailData{Month: "M", Year: "Y", Name: "N", Org: "O"}); err != nil {
				return nil, fmt.Errorf("layout %s: mail.yaml: %s: %w", name, l, err)
			}
		}
	}
	return out, nil
}

// Fill runs one template of a MailText.
func Fill(text string, d MailData) (string, error) {
	t, err := template.New("").Option("missingkey=error").Parse(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}
