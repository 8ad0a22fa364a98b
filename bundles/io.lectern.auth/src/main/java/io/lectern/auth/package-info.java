/**
 * Who may use Lectern: the admin accounts, their API tokens, and the check that every protected
 * request passes. The REST API and the dashboard use {@link io.lectern.auth.Authenticator}.
 */
@Version("1.1.0")
package io.lectern.auth;

import org.osgi.annotation.versioning.Version;
