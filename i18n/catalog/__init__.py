"""Compatibility only: the messages moved to i18n/locales/<lang>/*.ftl (Project Fluent).

What is left here keeps old imports working; new code uses i18n.render.default_catalogue().
"""
