package org.vigil.server.users;

/** A person who uses Vigil. For a member, {@code id} is their patient id. */
public record User(String id, String displayName, Role role, String tenant, String locale, String email, boolean demo) {}
