/** Valid CsrResource subject inputs that tests vary one field at a time. */
export const CSR_SUBJECT = {
    domain: "www.example.com",
    organization: "Example Ltd",
    department: "IT",
    email: "admin@example.com",
    province: "Guangdong",
    city: "Shenzhen",
    country: "CN",
} as const;
