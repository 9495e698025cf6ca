package dev.rustmq.client.quic;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Whether a server certificate names the host the client connected to (RFC 6125, simplified). */
final class HostNames {
    private static final int DNS = 2;
    private static final int IP = 7;

    private HostNames() {
    }

    static void check(X509Certificate certificate, String host) throws CertificateException {
        List<String> dnsNames = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == DNS) {
                        dnsNames.add((String) entry.get(1));
                    } else if (type == IP) {
                        ips.add((String) entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable subject alternative names: " + e.getMessage(), e);
        }
        if (isIpLiteral(host)) {
            InetAddress wanted = address(host);
            for (String ip : ips) {
                if (wanted.equals(address(ip))) {
                    return;
                }
            }
            List<String> names = dnsNames.isEmpty() ? commonNames(certificate) : dnsNames;
            throw new CertificateException("the certificate (names " + names + ", IP addresses " + ips
                    + ") is not for " + host);
        }
        if (dnsNames.isEmpty()) {
            dnsNames.addAll(commonNames(certificate));
        }
        for (String name : dnsNames) {
            if (matches(name, host)) {
                return;
            }
        }
        throw new CertificateException("the certificate (names " + dnsNames + ") is not for " + host);
    }

    static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot + 1).equals(p.substring(2)) && p.substring(2).contains(".");
        }
        return p.equals(h);
    }

    private static List<String> commonNames(X509Certificate certificate) throws CertificateException {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            throw new CertificateException("unreadable subject: " + e.getMessage(), e);
        }
        return names;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static InetAddress address(String literal) throws CertificateException {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new CertificateException("not an IP address: " + literal, e);
        }
    }
}
