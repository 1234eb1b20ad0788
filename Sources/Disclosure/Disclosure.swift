// Disclosure control: see the issue on cell suppression.
