"""Messages of sign-in, accounts, roles, permissions and the audit trail (dashboard.auth, dashboard.ui.auth)."""

MESSAGES: dict[str, str] = {
    # roles and scopes
    "auth.role.administrator": "Administrateur",
    "auth.role.project_officer": "Chargé de mission",
    "auth.role.copil_reader": "Lecteur COPIL",
    "auth.role.administrator.help": "Tout : utilisateurs, imports, saisies, journal des actions.",
    "auth.role.project_officer.help": (
        "Voit les entreprises, saisit et importe dans ses territoires et programmes seulement."
    ),
    "auth.role.copil_reader.help": (
        "Agrégats seulement : aucun nom d'entreprise, SIRET, coordonnée, tableau d'entreprises ni export ; "
        "Mode COPIL et rapports."
    ),
    "auth.scope.all": "tous les territoires",
    "auth.actor.label": "{name} ({role})",
    # permissions
    "auth.denied.reader": (
        "Votre rôle (lecteur COPIL) donne accès aux chiffres agrégés seulement : les données par entreprise "
        "(noms, SIRET, coordonnées, tableaux, exports) ne sont pas affichées."
    ),
    "auth.denied.map": (
        "Les positions des entreprises et les liens de synergie ne sont pas affichés pour votre rôle ou ce territoire : "
        "seuls les chiffres par commune le sont."
    ),
    "auth.denied.whole_database": "l'ensemble de la base",
    "auth.denied.outside_read": (
        "Les données par entreprise de {territory} sont hors de vos territoires : choisissez l'un de vos "
        "territoires dans le menu latéral."
    ),
    "auth.denied.outside_edit": "Modification refusée : {territory} est hors de vos territoires et programmes.",
    "auth.denied.reader_edit": "Votre rôle (lecteur COPIL) ne permet pas de modifier les données.",
    "auth.denied.reader_import": "Votre rôle (lecteur COPIL) ne permet pas d'importer des données.",
    "auth.denied.reader_read_companies": "Votre rôle (lecteur COPIL) ne permet pas d'exporter ces données.",
    "auth.denied.admin_manage_users": "Seul un administrateur peut gérer les utilisateurs.",
    "auth.denied.admin_read_audit": "Seul un administrateur peut consulter le journal des actions.",
    "auth.denied.admin_import": "Seul un administrateur peut importer des données couvrant toute la base.",
    "auth.denied.import_row": "« {value} » est hors de vos territoires et programmes ; rien n'a été importé.",
    "auth.denied.import_more": "… et {count} autres lignes hors de vos territoires.",
    "auth.denied.admin_import_table": (
        "{file} : données de référence partagées par tous les territoires ; seul un administrateur peut les importer."
    ),
    # passwords and accounts
    "auth.password.too_short": "Le mot de passe doit compter au moins {minimum} caractères.",
    "auth.password.contains_login": "Le mot de passe ne doit pas contenir l'identifiant.",
    "auth.password.too_simple": "Le mot de passe est trop simple : variez les caractères.",
    "auth.account.no_role": "Donnez au moins un rôle à l'utilisateur.",
    "auth.account.admin_scope": "Le rôle administrateur porte sur toute la base, pas sur un territoire.",
    "auth.account.unknown_territory": "Territoire inconnu : {territory}.",
    "auth.account.unknown_programme": "Programme inconnu : {programme}.",
    "auth.account.bad_login": (
        "Identifiant « {login} » refusé : 3 à 64 caractères, lettres minuscules sans accent, chiffres, point, tiret, @."
    ),
    "auth.account.login_taken": "L'identifiant « {login} » existe déjà.",
    "auth.account.no_name": "Indiquez le nom affiché de l'utilisateur.",
    "auth.account.bad_email": "Adresse électronique invalide : {email}.",
    "auth.account.email_taken": "L'adresse {email} est déjà celle d'un autre utilisateur.",
    "auth.account.no_credential": (
        "Indiquez un mot de passe, ou une adresse électronique pour la connexion par le fournisseur d'identité."
    ),
    "auth.account.disable_self": "Vous ne pouvez pas désactiver votre propre compte.",
    # sign-in
    "auth.sign_in.title": "Connexion",
    "auth.sign_in.intro": "Connectez-vous pour accéder au tableau de bord.",
    "auth.sign_in.login": "Identifiant",
    "auth.sign_in.password": "Mot de passe",
    "auth.sign_in.submit": "Se connecter",
    "auth.sign_in.wrong": "Identifiant ou mot de passe incorrect.",
    "auth.sign_in.wait": "Trop d'essais : attendez {seconds} s avant de réessayer.",
    "auth.sign_in.locked": (
        "Trop d'essais infructueux : ce compte est bloqué pendant {minutes} min. Un administrateur peut le débloquer."
    ),
    "auth.sign_in.server_changed": (
        "Votre session a été interrompue côté serveur (redémarrage, changement de serveur ou longue coupure réseau) : "
        "reconnectez-vous pour reprendre sur cette page."
    ),
    "auth.sign_in.expired.idle": "Votre session a expiré après 30 minutes d'inactivité : reconnectez-vous.",
    "auth.sign_in.expired.max_age": "Votre session a expiré (10 heures après la connexion) : reconnectez-vous.",
    "auth.sign_in.signed_out": "Vous êtes déconnecté.",
    "auth.sign_in.oidc": "Se connecter avec le compte de votre organisation",
    "auth.sign_in.oidc_named": "Se connecter avec {provider}",
    "auth.sign_in.oidc_or": "ou avec un compte local :",
    "auth.sign_in.oidc_no_role": (
        "Vous êtes connecté en tant que {email}, mais aucun rôle n'est prévu pour cette adresse. Demandez à un "
        "administrateur de vous créer un compte."
    ),
    "auth.sign_in.oidc_unverified": "Votre fournisseur d'identité n'a pas confirmé votre adresse électronique.",
    "auth.sign_in.oidc_config_error": "Configuration de la connexion (secrets.toml) illisible : {error}",
    "auth.sign_in.oidc_logout": "Changer de compte",
    "auth.sign_out": "Se déconnecter",
    "auth.signed_in_as": "Connecté : **{name}** · {role}",
    "auth.demo.title": "Base de démonstration : essayez chaque rôle",
    "auth.demo.intro": "Un clic suffit, sans mot de passe (comptes de démonstration, sur la base de démonstration seulement).",
    "auth.demo.admin": "Administrateur (démo)",
    "auth.demo.officer": "Chargée de mission Vendômois (démo)",
    "auth.demo.reader": "Lecteur COPIL (démo)",
    "auth.demo.button": "Entrer comme {name}",
    "auth.demo.refused": "Les comptes de démonstration n'existent que sur la base de démonstration.",
    # first start
    "auth.first_start.title": "Premier démarrage : créez le compte administrateur",
    "auth.first_start.intro": (
        "Cette base n'a encore aucun utilisateur. Le compte créé ici administre le tableau de bord : il crée "
        "ensuite les comptes des chargés de mission et des lecteurs COPIL."
    ),
    "auth.first_start.name": "Nom affiché",
    "auth.first_start.email": "Adresse électronique (facultative)",
    "auth.first_start.confirm": "Confirmez le mot de passe",
    "auth.first_start.mismatch": "Les deux mots de passe diffèrent.",
    "auth.first_start.submit": "Créer le compte administrateur",
    "auth.first_start.done": "Compte administrateur créé : connectez-vous.",
    # administration
    "nav.section.admin": "Administration",
    "nav.page.users": "Utilisateurs",
    "nav.page.audit": "Journal des actions",
    "auth.users.intro": "Comptes, rôles et territoires. Un utilisateur peut avoir plusieurs rôles.",
    "auth.users.col.login": "Identifiant",
    "auth.users.col.name": "Nom",
    "auth.users.col.email": "Adresse électronique",
    "auth.users.col.method": "Connexion",
    "auth.users.col.roles": "Rôles",
    "auth.users.col.active": "Actif",
    "auth.users.col.created": "Créé le",
    "auth.users.method.password": "mot de passe",
    "auth.users.method.oidc": "fournisseur d'identité",
    "auth.users.method.demo": "démonstration",
    "auth.users.add": "Ajouter un utilisateur",
    "auth.users.role": "Rôle",
    "auth.users.territories": "Territoires (chargé de mission, lecteur COPIL)",
    "auth.users.programmes": "Programmes (chargé de mission)",
    "auth.users.all_territories": "Tous les territoires",
    "auth.users.password_hint": "Laissez vide pour une connexion par le fournisseur d'identité (adresse requise).",
    "auth.users.created": "Utilisateur « {login} » créé.",
    "auth.users.manage": "Modifier un utilisateur",
    "auth.users.choose": "Utilisateur",
    "auth.users.disable": "Désactiver",
    "auth.users.enable": "Réactiver",
    "auth.users.unlock": "Débloquer les connexions",
    "auth.users.new_password": "Nouveau mot de passe",
    "auth.users.set_password": "Changer le mot de passe",
    "auth.users.saved": "Modification enregistrée.",
    "auth.users.roles_save": "Enregistrer les rôles",
    "auth.audit.intro": "Qui a fait quoi et quand : chaque connexion, import, saisie et décision, filtrable et exportable.",
    "auth.audit.filter.user": "Utilisateur",
    "auth.audit.filter.action": "Action",
    "auth.audit.filter.since": "Du",
    "auth.audit.filter.until": "Au",
    "auth.audit.filter.search": "Rechercher",
    "auth.audit.filter.all": "Tous",
    "auth.audit.col.when": "Date et heure (UTC)",
    "auth.audit.col.user": "Utilisateur",
    "auth.audit.col.action": "Action",
    "auth.audit.col.entity": "Objet",
    "auth.audit.col.record": "Enregistrement",
    "auth.audit.col.territory": "Territoire",
    "auth.audit.col.detail": "Détail",
    "auth.audit.count": "{count} actions",
    "auth.audit.none": "Aucune action ne correspond.",
    "auth.audit.download": "Télécharger le journal (CSV)",
    "auth.audit.changes": "Historique des modifications d'enregistrements",
    "auth.audit.changes_none": "Aucune modification d'enregistrement ne correspond à ces filtres.",
    "auth.audit.col.version": "Version",
    "auth.audit.entity.app_user": "Compte utilisateur",
    "auth.audit.entity.user_role": "Rôles d'un utilisateur",
    "auth.audit.entity.indicator_value": "Valeur d'indicateur",
    "auth.audit.entity.synergy": "Synergie",
    "auth.audit.entity.synergy_dismissal": "Proposition écartée",
    "auth.audit.entity.company": "Entreprise",
    "auth.audit.entity.establishment": "Registre des établissements",
    "auth.audit.entity.diagnostic": "Diagnostic",
    "auth.audit.entity.event": "Événement",
    "auth.audit.entity.convention_action": "Action de convention",
    "auth.audit.entity.programme": "Démarche",
    "auth.audit.entity.sa_response": "Auto-évaluation",
    "auth.audit.change.create": "Création",
    "auth.audit.change.edit": "Modification",
    "auth.audit.change.archive": "Archivage",
    "auth.audit.change.unarchive": "Désarchivage",
    "auth.audit.change.restore": "Restauration d'une version",
    "auth.audit.command_line": "ligne de commande",
    "auth.audit.local": "mot de passe",
    "auth.audit.oidc": "fournisseur d'identité",
    "auth.audit.demo": "compte de démonstration",
    "auth.audit.failures_one": "{count} échec de suite",
    "auth.audit.failures": "{count} échecs de suite",
    "auth.audit.sign_out.user": "à sa demande",
    "auth.audit.sign_out.idle": "session expirée (inactivité)",
    "auth.audit.sign_out.max_age": "session expirée (durée maximale)",
    "auth.audit.enabled": "compte réactivé",
    "auth.audit.disabled": "compte désactivé",
    "auth.audit.password_changed": "mot de passe changé",
    "auth.audit.unlocked": "connexions débloquées",
    "auth.audit.action.sign_in": "Connexion",
    "auth.audit.action.sign_in_failed": "Échec de connexion",
    "auth.audit.action.sign_out": "Déconnexion",
    "auth.audit.action.user_created": "Utilisateur créé",
    "auth.audit.action.user_changed": "Utilisateur modifié",
    "auth.audit.action.import": "Import",
    "auth.audit.action.edit": "Modification",
    "auth.audit.action.accept_proposal": "Proposition acceptée",
    "auth.audit.action.dismiss_proposal": "Proposition écartée",
    "auth.audit.action.hand_over": "Transfert vers les entreprises",
    "auth.audit.action.indicator_entry": "Saisie d'indicateur",
    # OIDC configuration
    "auth.oidc.bad_grant": (
        "[observatoire_roles] : « {value} » n'est pas de la forme rôle@territoire (rôles : {roles} ; territoire : "
        "*, un identifiant comme epci:200072072, ou programme:<identifiant>)."
    ),
    "auth.oidc.admin_scope": "[observatoire_roles] : « {value} » : le rôle administrator porte sur * seulement.",
    # command line
    "cli.help.user": "gérer les comptes utilisateurs (ajouter, lister)",
    "cli.help.user.add": "ajouter un utilisateur (le mot de passe est demandé, jamais passé en argument)",
    "cli.help.user.list": "lister les utilisateurs et leurs rôles",
    "cli.help.user.login": "identifiant de connexion (minuscules, chiffres, point, tiret)",
    "cli.help.user.name": "nom affiché",
    "cli.help.user.email": "adresse électronique (connexion par le fournisseur d'identité)",
    "cli.help.user.role": (
        "rôle : administrateur, charge (chargé de mission) ou copil (lecteur COPIL), suivi de @territoire "
        "ou @programme:<id> (ex. charge@epci:200072072) ; répétable"
    ),
    "cli.help.user.no_password": "sans mot de passe (connexion par le fournisseur d'identité seulement)",
    "cli.user.password": "Mot de passe : ",
    "cli.user.confirm": "Confirmez le mot de passe : ",
    "cli.user.mismatch": "Les deux mots de passe diffèrent : rien n'a été créé.",
    "cli.user.bad_role": "Rôle « {value} » refusé : administrateur, charge@<territoire> ou copil@<territoire>.",
    "cli.user.created": "Utilisateur « {login} » créé : {roles}.",
    "cli.user.refused": "Rien n'a été créé :",
    "cli.user.none": "Aucun utilisateur.",
    "cli.user.line": "{login} · {name} · {roles}{inactive}",
    "cli.user.inactive": " · désactivé",
}
